import { Feed, type Item } from 'feed';
import type { ArticleView } from '../../domain/articles/index.js';
import { largestOf } from '../../domain/media/index.js';
import { render } from 'preact-render-to-string';
import { FEED_FORMATS, feedPath, type FeedFormat } from './feed-formats.js';

/** One feed: the listing it follows, and what it holds. */
export interface FeedChannel {
  /** "The Garrison Wire" or "Army | The Garrison Wire". */
  title: string;
  description: string;
  /** The listing page the feed follows ("/", "/army", "/topics/nato" …). */
  path: string;
}

export interface FeedSite {
  siteUrl: string;
  outletName: string;
  /** What each item carries: the whole body, or the standfirst and a link. */
  content: 'full' | 'summary';
  /** The outlet's logo (absolute), when it has one. */
  logoUrl: string | null;
  /** When the feed is made (the app's clock): an empty feed's build time. */
  now: Date;
}

/** An entry that is not an article (the corrections log): a title, a link, plain words and a time. */
export interface FeedNote {
  id: string;
  title: string;
  path: string;
  text: string;
  at: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An item's id: its database id as a URN, so it never changes when the story is edited,
 * moved to another address or the site changes its domain.
 */
export const feedItemId = (id: string) => (UUID.test(id) ? `urn:uuid:${id.toLowerCase()}` : `urn:despatch:${encodeURIComponent(id)}`);

/**
 * Relative addresses in a body (links, pictures, their srcsets) made absolute: a feed
 * reader shows the body away from the site, where "/army/…" leads nowhere.
 */
export function absoluteUrls(html: string, siteUrl: string): string {
  return html
    .replace(/\b(href|src)="\/(?!\/)/g, `$1="${siteUrl}/`)
    .replace(/\bsrcset="([^"]*)"/g, (_m, set: string) => `srcset="${set.replace(/(^|,\s*)\/(?!\/)/g, `$1${siteUrl}/`)}"`);
}

/** The picture a feed reader shows with an item: the link-preview crop (JPEG, which every reader reads), else the hero as given. */
function itemImage(article: ArticleView, siteUrl: string): Item['image'] {
  if (!article.hero) return undefined;
  const og = article.hero.crops?.og ? largestOf(article.hero.crops.og) : null;
  const url = og?.url ?? article.hero.url;
  const absolute = /^https?:\/\//.test(url) ? url : siteUrl + url;
  // RSS wants a length; the feed does not read each file to learn it, and 0 is the convention for unknown.
  return { url: absolute, type: og ? og.type : /\.png$/i.test(url) ? 'image/png' : 'image/jpeg', length: 0 };
}

/**
 * A feed document in one format. The `feed` library writes RSS 2.0, Atom 1.0 and JSON Feed;
 * its JSON is version 1 with one author, so it is lifted to 1.1 here (`authors`, `language`).
 * Writers go to RSS as `dc:creator` (RSS's own `author` must be an email address).
 */
export function renderFeed(
  format: FeedFormat,
  site: FeedSite,
  channel: FeedChannel,
  entries: { articles?: ArticleView[]; notes?: FeedNote[] },
): { body: string; lastModified: Date | null } {
  const home = `${site.siteUrl}${channel.path === '/' ? '/' : channel.path}`;
  const articles = entries.articles ?? [];
  const notes = entries.notes ?? [];
  const times = [...articles.map((a) => Date.parse(a.updatedAt)), ...notes.map((n) => Date.parse(n.at))];
  // The newest item's last change; an empty feed has none to give (no Last-Modified), only its build time.
  const lastModified = times.length > 0 ? new Date(Math.max(...times)) : null;
  const updated = lastModified ?? site.now;
  const feed = new Feed({
    id: home,
    title: channel.title,
    description: channel.description,
    link: home,
    language: 'en-GB',
    updated,
    generator: 'Despatch',
    copyright: `© ${site.now.getUTCFullYear()} ${site.outletName}`,
    ...(site.logoUrl ? { image: site.logoUrl } : {}),
    feedLinks: Object.fromEntries(
      (Object.keys(FEED_FORMATS) as FeedFormat[]).map((f) => [f, `${site.siteUrl}${feedPath(channel.path, f)}`]),
    ),
    // Atom needs an author for the feed when an entry names none: the outlet.
    author: { name: site.outletName, link: `${site.siteUrl}/` },
  });

  for (const article of articles) {
    const link = site.siteUrl + article.path;
    const writers = article.authors.length > 0 ? article.authors.map((a) => ({ name: a.name, link: site.siteUrl + a.path })) : [];
    const summary = article.seo.description || article.standfirst;
    const content =
      site.content === 'full'
        ? absoluteUrls(article.bodyHtml, site.siteUrl)
        : render(
            <>
              <p>{article.standfirst}</p>
              <p>
                <a href={link}>Read the full story on {site.outletName}</a>
              </p>
            </>,
          );
    const image = itemImage(article, site.siteUrl);
    const names = writers.length > 0 ? writers.map((w) => w.name) : article.byline ? [article.byline] : [];
    feed.addItem({
      id: feedItemId(article.id),
      // Atom marks its titles as HTML; RSS and JSON Feed titles are plain text.
      title: format === 'atom' ? asHtml(article.headline) : article.headline,
      link,
      // A summary is HTML in RSS and Atom, plain text in JSON Feed.
      description: format === 'json' ? summary : asHtml(summary),
      content,
      date: new Date(article.updatedAt),
      published: new Date(article.publishedAt),
      ...(writers.length > 0 ? { author: writers } : article.byline ? { author: [{ name: article.byline }] } : {}),
      category: [
        { name: article.section.name, term: article.section.slug, domain: site.siteUrl + article.section.path },
        ...article.topics.map((t) => ({ name: t.name, term: t.slug, domain: site.siteUrl + t.path })),
      ],
      ...(image ? { image } : {}),
      // xml-js writes an array as repeated elements: one dc:creator per writer.
      ...(format === 'rss' && names.length > 0
        ? { extensions: [{ name: 'dc:creator', objects: names.map((n) => ({ _text: n })) as unknown as Record<string, unknown> }] }
        : {}),
    });
  }
  for (const note of notes)
    feed.addItem({
      id: feedItemId(note.id),
      title: format === 'atom' ? asHtml(note.title) : note.title,
      link: site.siteUrl + note.path,
      description: format === 'json' ? note.text : asHtml(note.text),
      content: render(<p>{note.text}</p>),
      date: new Date(note.at),
      published: new Date(note.at),
    });

  if (format === 'rss') {
    // RSS's own <author> wants an email address; the writers went in as dc:creator instead.
    for (const item of feed.items) delete item.author;
    return { body: feed.rss2(), lastModified };
  }
  if (format === 'atom') return { body: feed.atom1(), lastModified };
  return { body: jsonFeed11(feed.json1(), articles, site), lastModified };
}

/** Plain text as HTML: `&`, `<` and `>` escaped (by Preact, which escapes every text it renders). */
const asHtml = (text: string) => render(<>{text}</>);

/** JSON Feed 1.1 from the library's version 1: `authors` lists (every writer, not only the first) and `language`. */
function jsonFeed11(v1: string, articles: ArticleView[], site: FeedSite): string {
  const doc = JSON.parse(v1) as Record<string, unknown> & { items: Array<Record<string, unknown>> };
  doc.version = 'https://jsonfeed.org/version/1.1';
  doc.language = 'en-GB';
  delete doc.author;
  doc.authors = [{ name: site.outletName, url: `${site.siteUrl}/` }];
  doc.items.forEach((item, i) => {
    delete item.author;
    const article = i < articles.length ? articles[i] : undefined;
    if (!article) return;
    const authors = article.authors.map((a) => ({ name: a.name, url: site.siteUrl + a.path }));
    if (authors.length > 0) item.authors = authors;
    else if (article.byline) item.authors = [{ name: article.byline }];
  });
  return JSON.stringify(doc);
}
