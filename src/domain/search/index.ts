import type { Executor } from '../../db/schema.js';
import type { SearchIndex } from './search-index.js';
import { createPostgresSearchIndex } from './postgres-search-index.js';
import { createSqliteSearchIndex } from './sqlite-search-index.js';
export { createSearchService, MAX_SEARCH_PAGE } from './search.service.js';
export { createRelatedStories, RELATED_PER_ARTICLE, relatedness } from './related-stories.service.js';
export type { RelatedStories } from './related-stories.service.js';
export type { SearchRequest, SearchResults, SearchService } from './search.service.js';
export { createSqliteSearchIndex } from './sqlite-search-index.js';
export { createPostgresSearchIndex } from './postgres-search-index.js';
export { SNIPPET_END, SNIPPET_MARK, TOTAL_CAP } from './search-index.js';
export type { SearchFilter, SearchHit, SearchIndex, SearchScope } from './search-index.js';
export { MAX_QUERY_LENGTH, parseSearchQuery } from './search-query.js';
export type { SearchTerms } from './search-query.js';

/** The search index for this database: the one place that picks an implementation by dialect. */
export function createSearchIndex(handle: { db: Executor; dialect: 'sqlite' | 'postgres' }): SearchIndex {
  return handle.dialect === 'postgres' ? createPostgresSearchIndex(handle.db) : createSqliteSearchIndex(handle.db);
}
