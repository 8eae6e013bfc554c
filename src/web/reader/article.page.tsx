import { largestOf, pictureSources, type ArticleCard, type ArticleView } from '../../domain/articles/index.js';
import { CardList } from '../components/article-list.js';
import { formatDateTime } from '../../kernel/uk-time.js';
import { Html } from '../components/html.js';
import { Layout } from '../components/layout.js';
import { PictureElement } from '../components/picture.js';
import { NewsletterSignup } from '../components/newsletter-signup.js';
import { ShareLinks } from '../components/share-links.js';
import { WatchUsOn } from '../components/watch-us-on.js';
import { identityOf, renderedOnce } from '../components/rendered-once.js';
import { absolute, breadcrumbs, publisherLd, DEFAULT_IMAGE } from './structured-data.js';
import type { Chrome } from './reader-context.js';

export interface ArticlePageProps {
  chrome: Chrome;
  article: ArticleView;
  /** Related stories (or the section's newest), after the editor's own teasers. */
  moreStories: ArticleCard[];
  /** Shown through a preview link: marked as such, and kept out of search engines. */
  preview?: boolean;
}

type ImageMeta = { url: string; alt: string; width?: number; height?: number; type?: string };

/** What link previews show: the hero's 1.91:1 crop, its address as it is, or the outlet's card. */
function previewImage(chrome: Chrome, article: ArticleView): ImageMeta {
  const hero = article.hero;
  if (!hero) return { url: absolute(chrome, DEFAULT_IMAGE), alt: chrome.site.outletName };
  const og = hero.crops?.og && largestOf(hero.crops.og);
  if (og) return { url: absolute(chrome, og.url), alt: hero.alt, width: og.width, height: og.height, type: og.type };
  return { url: absolute(chrome, hero.url), alt: hero.alt };
}

/** schema.org `image`: the hero in the shapes search engines ask for (16:9, 1:1, 1.91:1), each with its size. */
function structuredImages(chrome: Chrome, article: ArticleView, preview: ImageMeta) {
  const crops = article.hero?.crops;
  const shapes = crops ? [crops.card, crops.square, crops.og].flatMap((p) => (p ? [largestOf(p)!] : [])) : [];
  if (shapes.length === 0) return [preview.url];
  return shapes.map((v) => ({ '@type': 'ImageObject', url: absolute(chrome, v.url), width: v.width, height: v.height }));
}

/** How wide the hero is drawn: the article column, or the whole screen on a phone. */
const HERO_SIZES = '(min-width: 64rem) 42rem, 100vw';

/**
 * The hero's AVIF sizes, preloaded: a browser that takes AVIF (and only such a browser, by
 * `type`) starts fetching the page's largest paint before it has read the body. The same
 * srcset and sizes as the `<picture>`, so it picks the same file.
 */
function heroPreload(article: ArticleView) {
  const picture = article.hero?.picture;
  const avif = picture && pictureSources(picture).sources.find((s) => s.type === 'image/avif');
  return avif ? { srcset: avif.srcset, sizes: HERO_SIZES, type: avif.type } : null;
}

/** The story as schema.org's NewsArticle: what search engines and aggregators read. */
function newsArticleLd(chrome: Chrome, article: ArticleView, url: string, image: ImageMeta) {
  const corrections = article.notes.filter((n) => n.kind === 'correction');
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline,
    description: article.standfirst,
    mainEntityOfPage: url,
    url,
    datePublished: article.publishedAt,
    dateModified: article.updatedAt,
    image: structuredImages(chrome, article, image),
    articleSection: article.section.name,
    keywords: article.topics.map((t) => t.name),
    inLanguage: 'en-GB',
    author:
      article.authors.length > 0
        ? article.authors.map((a) => ({
            '@type': 'Person',
            name: a.name,
            url: absolute(chrome, a.path),
            ...(a.role ? { jobTitle: a.role } : {}),
          }))
        : [{ '@type': 'Organization', name: chrome.site.outletName, url: absolute(chrome, '/') }],
    publisher: publisherLd(chrome),
    ...(corrections.length > 0
      ? { correction: corrections.map((n) => ({ '@type': 'CorrectionComment', text: n.body, datePublished: n.at })) }
      : {}),
    ...(article.series
      ? { isPartOf: { '@type': 'CreativeWorkSeries', name: article.series.name, url: absolute(chrome, article.series.path) } }
      : {}),
    // The pull quotes, each with who said it: a search engine or an aggregator can cite them as quotations.
    ...(article.pullQuotes.length > 0
      ? {
          citation: article.pullQuotes.map((q) => ({
            '@type': 'Quotation',
            text: q.text,
            ...(q.speaker
              ? { spokenByCharacter: { '@type': 'Person', name: q.speaker }, creator: { '@type': 'Person', name: q.speaker } }
              : {}),
          })),
        }
      : {}),
  };
}

/** The article page, in the order the outlet's pages have always had. */
export function ArticlePage({ chrome, article, moreStories, preview = false }: ArticlePageProps) {
  const url = absolute(chrome, article.path);
  const image = previewImage(chrome, article);
  // Besides the story, its markup and structured data show the site's settings and logo (and its address).
  const variant = `${preview ? 'preview' : 'page'} ${chrome.siteUrl} ${identityOf(chrome.site)} ${chrome.logo ? identityOf(chrome.logo) : 0}`;
  // The editor's teasers come first; a related story they already name is not shown twice.
  const teaserLinks = article.teasers;
  const cards = moreStories.filter((c) => !teaserLinks.some((r) => r.path === c.path));

  return (
    <Layout
      chrome={chrome}
      currentSection={article.section.slug}
      meta={{
        title: article.seo.title ?? article.headline,
        description: article.seo.description ?? (article.standfirst || article.headline),
        canonical: url,
        noindex: preview,
        ogType: 'article',
        image,
        preloadImage: heroPreload(article),
        og: [
          ['article:published_time', article.publishedAt],
          ['article:modified_time', article.updatedAt],
          ['article:section', article.section.name],
          ...article.topics.map((t): [string, string] => ['article:tag', t.name]),
        ],
        jsonLd: {
          of: article,
          variant,
          data: () => [
            newsArticleLd(chrome, article, url, image),
            breadcrumbs(chrome, [
              { name: article.section.name, path: article.section.path },
              { name: article.headline, path: article.path },
            ]),
          ],
        },
      }}
    >
      {preview && (
        <p class="preview-banner" role="status">
          Preview: this article is not published. Please do not share this link.
        </p>
      )}
      <div class="article-layout">
        {renderedOnce(article, variant, () => (
          <Story chrome={chrome} article={article} url={url} preview={preview} />
        ))}
        {(cards.length > 0 || teaserLinks.length > 0) && (
          <section class="more-stories" aria-labelledby="more-stories-heading">
            <h2 id="more-stories-heading">More stories</h2>
            {teaserLinks.length > 0 && (
              <ul class="teaser-links">
                {teaserLinks.map((r) => (
                  <li>
                    <a href={r.path}>{r.headline}</a>
                  </li>
                ))}
              </ul>
            )}
            {cards.length > 0 && <CardList cards={cards} level="h3" now={chrome.now} />}
          </section>
        )}
      </div>
    </Layout>
  );
}

/**
 * The story itself (header, hero, body, notes, topics), then the newsletter sign-up and where
 * to watch: the same for every reader, so rendered once per article view (`renderedOnce`).
 */
function Story({ chrome, article, url, preview }: { chrome: Chrome; article: ArticleView; url: string; preview: boolean }) {
  const updated = article.updatedAt > article.publishedAt;
  const bylineNames = article.byline ?? (article.authors.length > 0 ? null : `${chrome.site.outletName} staff`);
  const corrections = article.notes.filter((n) => n.kind === 'correction');
  return (
    <>
      <article class="article">
        <header class="article-header">
          <p class="kicker">
            <a href={article.section.path}>{article.kicker}</a>
            {article.series && (
              <>
                {' '}
                <span aria-hidden="true">·</span> <a href={article.series.path}>{article.series.name}</a>
              </>
            )}
          </p>
          <h1 class="headline">{article.headline}</h1>
          {article.standfirst && <p class="standfirst">{article.standfirst}</p>}
          <div class="byline">
            <p class="byline-names">
              By{' '}
              {bylineNames ??
                article.authors.map((a, i) => (
                  <>
                    {i > 0 && (i === article.authors.length - 1 ? ' and ' : ', ')}
                    <a href={a.path} rel="author">
                      {a.name}
                    </a>
                  </>
                ))}
            </p>
            <p class="byline-dates">
              Published <time dateTime={article.publishedAt}>{formatDateTime(article.publishedAt)}</time>
              {updated && (
                <>
                  {' · '}Updated <time dateTime={article.updatedAt}>{formatDateTime(article.updatedAt)}</time>
                </>
              )}
              {' · '}
              {article.readingMinutes} min read
            </p>
          </div>
        </header>
        {article.hero && (
          <figure class="hero">
            {article.hero.picture ? (
              <PictureElement picture={article.hero.picture} alt={article.hero.alt} sizes={HERO_SIZES} lead />
            ) : (
              <img src={article.hero.url} alt={article.hero.alt} width={1600} height={900} fetchPriority="high" decoding="async" />
            )}
            {(article.hero.caption || article.hero.credit) && (
              <figcaption>
                {article.hero.caption}
                {article.hero.credit && <span class="credit"> {article.hero.credit}</span>}
              </figcaption>
            )}
          </figure>
        )}
        <Html className="article-body" html={article.bodyHtml} />
        {/* On paper the page names where it came from. */}
        <p class="print-only">Read online: {url}</p>
        {!preview && <ShareLinks url={url} title={article.headline} />}
        {article.notes.length > 0 && (
          <section class="article-notes" aria-labelledby="article-notes-heading">
            <h2 id="article-notes-heading">{corrections.length > 0 ? 'Corrections and updates' : 'Updates'}</h2>
            <ul>
              {article.notes.map((n) => (
                <li class={`article-note article-note-${n.kind}`}>
                  <strong>{n.kind === 'correction' ? 'Correction' : 'Update'}</strong>, <time dateTime={n.at}>{formatDateTime(n.at)}</time>:{' '}
                  {n.body}
                </li>
              ))}
            </ul>
            {corrections.length > 0 && (
              <p class="article-notes-more">
                <a href="/corrections">All corrections</a>
              </p>
            )}
          </section>
        )}
        {article.topics.length > 0 && (
          <section class="related-topics" aria-labelledby="related-topics-heading">
            <h2 id="related-topics-heading">Related topics</h2>
            <ul class="topic-list">
              {article.topics.map((t) => (
                <li class="topic-chip">
                  <a href={t.path}>{t.name}</a>
                  <a class="topic-follow" href={`/newsletter/follow/${t.slug}`} aria-label={`Follow ${t.name} by email`}>
                    Follow
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
      </article>
      <NewsletterSignup source={article.path} />
      <WatchUsOn channels={chrome.site.channels} />
    </>
  );
}
