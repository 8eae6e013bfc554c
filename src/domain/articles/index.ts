export { createArticleService } from './article.service.js';
export type { ArticleService, ArticleRef } from './article.service.js';
export { createArticleReader } from './article-reader.service.js';
export type { ArticleReader, ArticleCard, ArticleView, ArticleLookup, CardPage, NamedLink, PageRequest } from './article-reader.service.js';
export { articleInputSchema } from './article.schemas.js';
export type { ArticleInput } from './article.schemas.js';
export type { ArticleStatus } from './articles.table.js';
export { renderBody } from './markdown.js';
export * from './article-paths.js';
