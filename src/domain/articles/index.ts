export { ARTICLE_PUBLISH_JOB, createArticleService } from './article.service.js';
export type { ArticleService, ArticleRef } from './article.service.js';
export { createArticleReader } from './article-reader.service.js';
export type {
  ArticleReader,
  ArticleCard,
  ArticleView,
  Picture,
  ArticleLookup,
  CardPage,
  NamedLink,
  PageRequest,
} from './article-reader.service.js';
export { articleInputSchema } from './article.schemas.js';
export type { ArticleInput, ParsedArticleInput } from './article.schemas.js';
export type { ArticleStatus } from './articles.table.js';
export { renderBody } from './markdown.js';
export { articlePath, authorPath, sectionPath, seriesPath, topicPath } from '../shared/index.js';
export type { EditorState, RevisionSummary } from './article.service.js';
export type { DiffPart, FieldDiff, RevisionSnapshot } from './article-revisions.js';
export type { ArticleNoteKind, ArticleStage } from './articles.table.js';
export { createArticleDesk, DESK_STATES, LOCK_MS } from './article-desk.service.js';
export type { ArticleDesk, DeskItem, DeskQuery, DeskState } from './article-desk.service.js';
export { createPreviewLinks, PREVIEW_LINK_MS } from './preview-links.service.js';
export type { PreviewLinks } from './preview-links.service.js';
