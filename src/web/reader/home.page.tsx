import type { ArticleCard, CardPage } from '../../domain/articles/index.js';
import { Card, CardList, Pagination } from '../components/article-list.js';
import { Layout } from '../components/layout.js';
import { NewsletterSignup } from '../components/newsletter-signup.js';
import { WatchUsOn } from '../components/watch-us-on.js';
import { renderedOnce } from '../components/rendered-once.js';
import { absolute, DEFAULT_IMAGE, publisherLd } from './structured-data.js';
import { pageUrl, type Chrome } from './reader-context.js';

export interface HomePageProps {
  chrome: Chrome;
  /** Page 1: the lead story first, then the latest; later pages: older stories. */
  latest: CardPage;
  /** Each section's newest stories; those already shown above are left out. */
  rails: Map<string, ArticleCard[]>;
  /** Stories per rail at most. */
  railLength: number;
}

/** The front page: lead story, latest stories, one rail per section. */
export function HomePage({ chrome, latest, rails, railLength }: HomePageProps) {
  const first = latest.page === 1;
  const [lead, ...rest] = first ? latest.items : [undefined, ...latest.items];
  const prev = latest.page > 1 ? pageUrl('/', latest.page - 1) : null;
  const next = latest.hasMore ? pageUrl('/', latest.page + 1) : null;
  const { site } = chrome;
  const title = first ? site.outletName : `Latest stories (page ${latest.page})`;
  // Every story once: a rail shows only what the lead and the latest list have not.
  const shown = new Set(latest.items.map((c) => c.id));
  const railCards = (slug: string) => (rails.get(slug) ?? []).filter((c) => !shown.has(c.id)).slice(0, railLength);
  return (
    <Layout
      chrome={chrome}
      meta={{
        title,
        description: site.description || site.tagline || `${site.outletName}: the latest news.`,
        canonical: absolute(chrome, pageUrl('/', latest.page)),
        image: { url: absolute(chrome, DEFAULT_IMAGE), alt: chrome.site.outletName },
        prev: prev && absolute(chrome, prev),
        next: next && absolute(chrome, next),
        jsonLd: [
          {
            '@context': 'https://schema.org',
            '@type': 'WebSite',
            name: site.outletName,
            url: absolute(chrome, '/'),
            publisher: publisherLd(chrome),
          },
        ],
      }}
    >
      <h1 class="visually-hidden">{title}</h1>
      {!lead && rest.length === 0 && <p class="empty">No stories have been published yet.</p>}
      {lead && (
        <section class="lead-story" aria-labelledby="lead-heading">
          <h2 id="lead-heading" class="visually-hidden">
            Top story
          </h2>
          <Card card={lead} level="h3" picture="own" lead now={chrome.now} />
        </section>
      )}
      {rest.length > 0 && (
        <section class="latest" aria-labelledby="latest-heading">
          <h2 id="latest-heading">{first ? 'Latest' : 'Older stories'}</h2>
          <CardList cards={rest.filter((c): c is ArticleCard => c !== undefined)} withImages now={chrome.now} />
          <Pagination prev={prev} next={next} page={latest.page} />
        </section>
      )}
      {first && chrome.sections.some((section) => railCards(section.slug).length > 0) && (
        <div class="rails">
          {chrome.sections.map((section) => {
            const cards = railCards(section.slug);
            if (cards.length === 0) return null;
            const id = `rail-${section.slug}`;
            return (
              <section class="rail" aria-labelledby={id}>
                <h2 id={id}>
                  <a href={section.path}>{section.name}</a>
                </h2>
                <CardList cards={cards} compact withImages now={chrome.now} />
              </section>
            );
          })}
        </div>
      )}
      {first &&
        // The same for every reader until the settings change: rendered once per settings object.
        renderedOnce(site, 'home-extras', () => (
          <div class="home-extras">
            <NewsletterSignup source="/" />
            <WatchUsOn channels={site.channels} />
          </div>
        ))}
    </Layout>
  );
}
