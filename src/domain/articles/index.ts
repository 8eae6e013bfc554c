export { createArticleService } from './article.service.js';
export type { ArticleService, ArticleRef } from './article.service.js';
export { createArticleRepository } from './article.repository.js';
export type { ArticleRepository, ArticleCard, ArticleView, ArticleLookup, CardPage, NamedLink, PageRequest } from './article.repository.js';
export { articleInputSchema } from './article.schemas.js';
export type { ArticleInput } from './article.schemas.js';
export { renderBody } from './markdown.js';
export * from './article-paths.js';
