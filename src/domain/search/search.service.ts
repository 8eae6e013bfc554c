import type { Executor } from '../../db/schema.js';
import type { DomainEvent } from '../../kernel/events.js';
import type { Logger } from '../../kernel/logger.js';
import { assertCan, type Actor } from '../access/index.js';
import { articleIdsAfter, articlesNaming, countArticles, documentsOf } from './search.repository.js';
import { TOTAL_CAP, type SearchFilter, type SearchHit, type SearchIndex, type SearchScope } from './search-index.js';
import { isSearchable, parseSearchQuery, type SearchTerms } from './search-query.js';

/** A page of search results. */
export interface SearchResults {
  /** The query as understood (what was searched for). */
  terms: SearchTerms;
  hits: SearchHit[];
  /** How many match, exactly up to TOTAL_CAP; past it, TOTAL_CAP with `totalCapped`. */
  total: number;
  /** True when more than TOTAL_CAP match (the page says "more than 1,000"). */
  totalCapped: boolean;
  page: number;
  perPage: number;
  hasMore: boolean;
}

/** What a search asks. */
export interface SearchRequest {
  q: string;
  filter?: SearchFilter;
  page?: number;
  perPage?: number;
}

/** The deepest page served: past it a reader should narrow the query (and a crawler gets nowhere). */
export const MAX_SEARCH_PAGE = 50;
const REBUILD_BATCH = 500;

/**
 * Search over articles: keeps the index in step with the articles (on the publish, update
 * and unpublish events, and when a topic or section is renamed) and answers readers' and
 * the newsroom's queries. Readers see published articles only, whatever the index holds;
 * the newsroom sees drafts too.
 */
export function createSearchService(deps: { db: Executor; index: SearchIndex; log: Logger }) {
  const { db, index } = deps;

  /** Re-reads some articles into the index; an article that no longer exists leaves it. */
  async function reindex(articleIds: string[]): Promise<void> {
    const docs = await documentsOf(db, articleIds);
    await db.transaction().execute(async (tx) => {
      for (const doc of docs) await index.put(tx, doc);
      for (const id of articleIds) if (!docs.some((d) => d.articleId === id)) await index.remove(tx, id);
    });
  }

  async function run(scope: SearchScope, req: SearchRequest): Promise<SearchResults> {
    const terms = parseSearchQuery(req.q);
    const perPage = Math.min(Math.max(req.perPage ?? 10, 1), 50);
    const page = Math.min(Math.max(Math.trunc(req.page ?? 1), 1), MAX_SEARCH_PAGE);
    if (!isSearchable(terms)) return { terms, hits: [], total: 0, totalCapped: false, page, perPage, hasMore: false };
    const found = await index.search(terms, { filter: req.filter ?? {}, scope, limit: perPage, offset: (page - 1) * perPage });
    const totalCapped = found.total > TOTAL_CAP;
    const total = Math.min(found.total, TOTAL_CAP);
    return {
      terms,
      hits: found.hits,
      total,
      totalCapped,
      page,
      perPage,
      // Only the newest TOTAL_CAP matches are ranked (search-index.ts), so pages stop there.
      hasMore: page * perPage < total && page < MAX_SEARCH_PAGE,
    };
  }

  return {
    /** Published articles matching a reader's query. */
    search(req: SearchRequest): Promise<SearchResults> {
      return run('published', req);
    },

    /** Every article matching, drafts included: the newsroom's search (staff who write may use it). */
    searchNewsroom(actor: Actor, req: SearchRequest): Promise<SearchResults> {
      assertCan(actor, 'article.create');
      return run('all', req);
    },

    /**
     * The ids of every article matching a query, drafts included, best first, at most
     * `limit`: what the newsroom's article list narrows itself to.
     */
    async newsroomMatches(actor: Actor, q: string, limit = 500): Promise<string[] | null> {
      assertCan(actor, 'article.create');
      const terms = parseSearchQuery(q);
      if (!isSearchable(terms)) return null;
      const { hits } = await index.search(terms, { filter: {}, scope: 'all', limit, offset: 0 });
      return hits.map((h) => h.articleId);
    },

    reindex,

    /** Keeps the index in step: an article's own events, and renames that change words its documents hold. */
    async onEvent(event: DomainEvent): Promise<void> {
      switch (event.type) {
        case 'article.published':
        case 'article.updated':
        case 'article.unpublished':
        case 'article.saved':
          return reindex([event.articleId]);
        case 'topic.updated':
          return reindex(await articlesNaming(db, { topicId: event.topicId }));
        case 'topic.merged':
          return reindex(await articlesNaming(db, { topicId: event.intoTopicId }));
        case 'section.updated':
          return reindex(await articlesNaming(db, { sectionId: event.sectionId }));
        default:
      }
    },

    /** Indexes every article afresh, in batches; returns how many. */
    async rebuild(): Promise<number> {
      let after = '';
      let done = 0;
      for (;;) {
        const ids = await articleIdsAfter(db, after, REBUILD_BATCH);
        if (ids.length === 0) return done;
        await reindex(ids);
        done += ids.length;
        after = ids.at(-1)!;
      }
    },

    /**
     * Fills an empty index from the articles (a database from before search, or a restored
     * one): run at start-up, costs one count when the index is already there.
     */
    async ensureBuilt(): Promise<number> {
      if ((await index.size()) > 0 || (await countArticles(db)) === 0) return 0;
      const started = Date.now();
      const n = await this.rebuild();
      deps.log.info({ articles: n, ms: Date.now() - started }, 'search index built');
      return n;
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
