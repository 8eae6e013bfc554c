import type { ComponentChildren } from 'preact';
import type { CardPage } from '../../domain/articles/index.js';
import { CardList, Pagination } from '../components/article-list.js';
import { Layout } from '../components/layout.js';
import { absolute, DEFAULT_IMAGE, breadcrumbs } from './structured-data.js';
import { pageUrl, type Chrome } from './reader-context.js';

export interface ListingPageProps {
  chrome: Chrome;
  /** The listing's own path, without ?page. */
  path: string;
  /** What kind of listing this is, shown above the heading ("Topic", "Series" …); none for sections. */
  label?: string;
  heading: string;
  description: string;
  cards: CardPage;
  currentSection?: string;
  /** Extra schema.org objects (a Person for an author page …). */
  jsonLd?: unknown[];
  ogType?: 'website' | 'profile';
  intro?: ComponentChildren;
}

/** A paginated list of articles: section, topic, series and author pages. */
export function ListingPage({
  chrome,
  path,
  label,
  heading,
  description,
  cards,
  currentSection,
  jsonLd = [],
  ogType,
  intro,
}: ListingPageProps) {
  const prev = cards.page > 1 ? pageUrl(path, cards.page - 1) : null;
  const next = cards.hasMore ? pageUrl(path, cards.page + 1) : null;
  const title = cards.page > 1 ? `${heading} (page ${cards.page})` : heading;
  return (
    <Layout
      chrome={chrome}
      {...(currentSection ? { currentSection } : {})}
      meta={{
        title,
        description: description || `The latest stories: ${heading}.`,
        canonical: absolute(chrome, pageUrl(path, cards.page)),
        ogType: ogType ?? 'website',
        image: { url: absolute(chrome, DEFAULT_IMAGE), alt: chrome.site.outletName },
        prev: prev && absolute(chrome, prev),
        next: next && absolute(chrome, next),
        feed: { title: `${heading} | ${chrome.site.outletName}`, path },
        jsonLd: [
          { '@context': 'https://schema.org', '@type': 'CollectionPage', name: heading, url: absolute(chrome, path), description },
          breadcrumbs(chrome, [{ name: heading, path }]),
          ...jsonLd,
        ],
      }}
    >
      <header class="listing-header">
        {label && <p class="kicker">{label}</p>}
        <h1>{title}</h1>
        {description && <p class="listing-description">{description}</p>}
        {intro}
      </header>
      {cards.items.length === 0 ? (
        <p class="empty">No stories here yet.</p>
      ) : (
        <CardList cards={cards.items} level="h2" withImages now={chrome.now} />
      )}
      <Pagination prev={prev} next={next} page={cards.page} />
    </Layout>
  );
}
