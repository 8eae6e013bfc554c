/**
 * The quote service: which words of an article are quotes, and who said them. Used by the text
 * importer (pull quotes and quote paragraphs) and by the article editor (suggested pull quotes
 * with speakers, `suggestPullQuotes`). Everything else in this folder is how it reads an article.
 */
export { findQuotes } from './quote.service.js';
export type { ArticleText, FoundQuote, QuoteReason } from './quote.service.js';
export { splitParagraphs } from './article-text.js';
export { quoteKey, shownSpeaker, suggestPullQuotes } from './pull-quotes.js';
export type { PullQuoteSuggestion } from './pull-quotes.js';
