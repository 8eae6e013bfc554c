import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { SitemapIndexStream, SitemapStream, type SitemapItemLoose } from 'sitemap';
import { authorPath, sectionPath, seriesPath, topicPath, type SitemapPosition } from '../../domain/articles/index.js';
import { SITE_PAGE_SLUGS } from '../../domain/site/index.js';
import { notFound } from '../../kernel/errors.js';
import type { ReaderDeps } from '../reader/reader-context.js';

/** The most URLs one sitemap may list (the protocol's limit). */
export const SITEMAP_PAGE_SIZE = 50_000;
/** Articles read from the database at a time while a sitemap streams out. */
const BATCH = 1_000;
/** Google News reads stories of the last two days, at most a thousand. */
const NEWS_WINDOW_MS = 48 * 3600 * 1000;
const NEWS_LIMIT = 1_000;

/** Crawlers fetch these now and then; an hour's reuse spares the database, a new story still shows in the news sitemap within the hour. */
const SITEMAP_CACHE = 'public, max-age=3600';

const articlesPath = (page: number) => `/sitemaps/articles/${page}.xml`;

/**
 * A sitemap listing nothing: the library refuses to end a stream it wrote nothing to, but an
 * empty list is a real answer (a new site; a quiet two days for the news sitemap).
 */
const emptyUrlset = (news: boolean) =>
  '<?xml version="1.0" encoding="UTF-8"?>' +
  `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"${news ? ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' : ''}></urlset>`;

/**
 * `/robots.txt`, the sitemap index `/sitemap.xml`, the outlet's pages and listings
 * `/sitemap-pages.xml`, the articles in pages of 50,000 (`/sitemaps/articles/N.xml`, oldest
 * first, so a full page never changes) with their pictures, and the Google News sitemap
 * `/sitemap-news.xml`. Written by the `sitemap` library as streams, from the database a
 * thousand rows at a time, so a million articles never sit in memory.
 */
export async function sitemapRoutes(app: FastifyInstance, deps: ReaderDeps) {
  const { services, siteUrl } = deps;
  const reads = services.articleReader;
  const absolute = (pathOrUrl: string) => (/^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : siteUrl + pathOrUrl);

  const xml = (reply: FastifyReply) => reply.type('application/xml; charset=utf-8').header('cache-control', SITEMAP_CACHE);
  const stream = (reply: FastifyReply, items: AsyncIterable<unknown> | Iterable<unknown>, out: NodeJS.ReadWriteStream) =>
    xml(reply).send(Readable.from(items).pipe(out));

  app.get('/robots.txt', async (_request, reply) => {
    reply.type('text/plain; charset=utf-8').header('cache-control', SITEMAP_CACHE);
    return [
      'User-agent: *',
      'Allow: /',
      // Staff pages are private, and previews are for the people given the link.
      'Disallow: /newsroom/',
      'Disallow: /preview/',
      '',
      `Sitemap: ${siteUrl}/sitemap.xml`,
      `Sitemap: ${siteUrl}/sitemap-news.xml`,
      '',
    ].join('\n');
  });

  app.get('/sitemap.xml', async (_request, reply) => {
    const pages = Math.max(1, Math.ceil((await reads.countPublished()) / SITEMAP_PAGE_SIZE));
    const urls = ['/sitemap-pages.xml', ...Array.from({ length: pages }, (_, i) => articlesPath(i + 1)), '/sitemap-news.xml'];
    return stream(
      reply,
      urls.map((url) => ({ url: absolute(url) })),
      new SitemapIndexStream(),
    );
  });

  app.get('/sitemap-pages.xml', async (_request, reply) => {
    const [sections, topics, series, authors] = await Promise.all([
      services.taxonomy.listSections(),
      services.taxonomy.listTopics(),
      services.taxonomy.listSeries(),
      services.authors.listAuthors(),
    ]);
    const paths = [
      '/',
      ...sections.map((s) => sectionPath(s.slug)),
      ...topics.map((t) => topicPath(t.slug)),
      ...series.map((s) => seriesPath(s.slug)),
      ...authors.map((a) => authorPath(a.slug)),
      '/corrections',
      ...SITE_PAGE_SLUGS.map((slug) => `/${slug}`),
    ];
    return stream(
      reply,
      paths.map((path): SitemapItemLoose => ({ url: path })),
      new SitemapStream({ hostname: siteUrl, xmlns: { news: false, image: false, video: false, xhtml: false } }),
    );
  });

  app.get<{ Params: { file: string } }>('/sitemaps/articles/:file', async (request, reply) => {
    const page = Number(/^([1-9][0-9]{0,5})\.xml$/.exec(request.params.file)?.[1] ?? 0);
    const total = await reads.countPublished();
    // Page 1 always exists (empty on a new site); later ones only while they hold articles.
    if (page < 1 || (page > 1 && (page - 1) * SITEMAP_PAGE_SIZE >= total)) throw notFound('PAGE_NOT_FOUND', 'No such sitemap.');
    if (total === 0) return xml(reply).send(emptyUrlset(false));
    async function* items(): AsyncGenerator<SitemapItemLoose> {
      let from: SitemapPosition = { offset: (page - 1) * SITEMAP_PAGE_SIZE };
      for (let done = 0; done < SITEMAP_PAGE_SIZE; done += BATCH) {
        const { entries: batch, last } = await reads.sitemapBatch(from, Math.min(BATCH, SITEMAP_PAGE_SIZE - done));
        for (const entry of batch)
          yield {
            url: entry.path,
            lastmod: entry.updatedAt,
            ...(entry.image
              ? { img: [{ url: absolute(entry.image.url), ...(entry.image.title ? { title: entry.image.title } : {}) }] }
              : {}),
          };
        if (batch.length < BATCH || !last) return;
        from = { after: last };
      }
    }
    return stream(
      reply,
      items(),
      new SitemapStream({ hostname: siteUrl, xmlns: { image: true, news: false, video: false, xhtml: false } }),
    );
  });

  app.get('/sitemap-news.xml', async (_request, reply) => {
    const now = services.clock.now().getTime();
    const [site, recent] = await Promise.all([
      services.site.getSite(),
      reads.publishedSince(new Date(now - NEWS_WINDOW_MS).toISOString(), NEWS_LIMIT),
    ]);
    if (recent.length === 0)
      return reply.type('application/xml; charset=utf-8').header('cache-control', SITEMAP_CACHE).send(emptyUrlset(true));
    return stream(
      reply,
      recent.map((a): SitemapItemLoose => ({
        url: a.path,
        news: {
          publication: { name: site.outletName, language: 'en' },
          publication_date: a.publishedAt,
          title: a.headline,
        },
      })),
      new SitemapStream({ hostname: siteUrl, xmlns: { news: true, image: false, video: false, xhtml: false } }),
    );
  });
}
