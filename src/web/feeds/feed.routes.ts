import type { FastifyInstance, FastifyReply } from 'fastify';
import { authorPath, largestOf, sectionPath, seriesPath, topicPath, type ArticleCard } from '../../domain/articles/index.js';
import { loadChrome, slugParam, type ReaderDeps } from '../reader/reader-context.js';
import { tagAnswer, type SurrogateKey } from '../surrogate-keys.js';
import { renderFeed, type FeedChannel, type FeedNote } from './feed-document.js';
import { FEED_FORMATS, type FeedFormat } from './feed-formats.js';

/** Stories per feed: a day or two of a busy outlet, what feed readers poll for. */
const FEED_SIZE = 20;

/**
 * The site's feeds, in RSS 2.0, Atom 1.0 and JSON Feed 1.1: the whole site (`/rss.xml`), each
 * section (`/army/rss.xml`), topic, series and author (`/topics/nato/rss.xml` …), and the
 * corrections log (`/corrections/rss.xml`). Cached like pages and dropped by the same events,
 * with an ETag and a Last-Modified (the newest item's last change), so polls are 304s.
 */
export async function feedRoutes(app: FastifyInstance, deps: ReaderDeps) {
  const { services } = deps;
  const reads = services.articleReader;
  const cached = { config: { pageCache: 'single' as const } };
  type Slug = { Params: { slug: string } };

  async function send(
    reply: FastifyReply,
    format: FeedFormat,
    channel: FeedChannel & { keys: SurrogateKey[] },
    cards: ArticleCard[] | null,
    notes?: FeedNote[],
  ) {
    tagAnswer(reply, channel.keys, cards ?? []);
    const [chrome, articles] = await Promise.all([loadChrome(deps), cards ? reads.feedEntries(cards) : Promise.resolve([])]);
    const logo = chrome.logo?.full ? largestOf(chrome.logo.full) : null;
    const { body, lastModified } = renderFeed(
      format,
      {
        siteUrl: deps.siteUrl,
        outletName: chrome.site.outletName,
        content: chrome.site.feedContent,
        logoUrl: logo ? deps.siteUrl + logo.url : null,
        now: new Date(chrome.now),
      },
      {
        ...channel,
        title: channel.path === '/' ? chrome.site.outletName : `${channel.title} | ${chrome.site.outletName}`,
      },
      { articles, ...(notes ? { notes } : {}) },
    );
    if (lastModified) reply.header('last-modified', lastModified.toUTCString());
    return reply.type(FEED_FORMATS[format].type).send(body);
  }

  const latest = (list: (req: { page: number; perPage: number }) => Promise<{ items: ArticleCard[] }>) =>
    list({ page: 1, perPage: FEED_SIZE }).then((p) => p.items);

  for (const format of Object.keys(FEED_FORMATS) as FeedFormat[]) {
    const file = FEED_FORMATS[format].file;

    app.get(`/${file}`, cached, async (_request, reply) => {
      const site = await services.site.getSite();
      const channel = {
        title: site.outletName,
        description: site.description || site.tagline || 'The latest stories.',
        path: '/',
        keys: ['home' as const],
      };
      return send(reply, format, channel, await latest(reads.latest));
    });

    app.get(`/corrections/${file}`, cached, async (_request, reply) => {
      const corrections = await services.articles.listCorrections({ page: 1, perPage: FEED_SIZE });
      const notes = corrections.items.map((c) => ({ id: c.id, title: `Correction: ${c.headline}`, path: c.path, text: c.body, at: c.at }));
      const channel = {
        title: 'Corrections',
        description: 'Every correction to a published story, newest first.',
        path: '/corrections',
        keys: ['corrections' as const],
      };
      return send(reply, format, channel, null, notes);
    });

    app.get<{ Params: { section: string } }>(`/:section/${file}`, cached, async (request, reply) => {
      const section = await services.taxonomy.getSectionBySlug(slugParam(request.params.section));
      const channel = {
        title: section.name,
        description: section.description || `The latest from ${section.name}.`,
        path: sectionPath(section.slug),
        keys: [`section:${section.id}` as const],
      };
      return send(reply, format, channel, await latest((r) => reads.bySection(section.id, r)));
    });

    app.get<Slug>(`/topics/:slug/${file}`, cached, async (request, reply) => {
      const topic = await services.taxonomy.getTopicBySlug(slugParam(request.params.slug));
      const channel = {
        title: topic.name,
        description: topic.description || `Stories about ${topic.name}.`,
        path: topicPath(topic.slug),
        keys: [`topic:${topic.id}` as const],
      };
      return send(reply, format, channel, await latest((r) => reads.byTopic(topic.id, r)));
    });

    app.get<Slug>(`/series/:slug/${file}`, cached, async (request, reply) => {
      const series = await services.taxonomy.getSeriesBySlug(slugParam(request.params.slug));
      const channel = {
        title: series.name,
        description: series.description || `Episodes of ${series.name}.`,
        path: seriesPath(series.slug),
        keys: [`series:${series.id}` as const],
      };
      return send(reply, format, channel, await latest((r) => reads.bySeries(series.id, r)));
    });

    app.get<Slug>(`/authors/:slug/${file}`, cached, async (request, reply) => {
      const author = await services.authors.getAuthorBySlug(slugParam(request.params.slug));
      const channel = {
        title: author.name,
        description: author.bio || `Stories by ${author.name}.`,
        path: authorPath(author.slug),
        keys: [`author:${author.id}` as const],
      };
      return send(reply, format, channel, await latest((r) => reads.byAuthor(author.id, r)));
    });
  }
}
