/**
 * Pull quotes from the quote service's answer: the speaker a page prints under a quote, and the
 * quotes of an article worth offering an editor as pull quotes. Kept apart from the service
 * because both callers (the importer and the article editor) print speakers the same way, and
 * what makes a good pull quote is a question of the page, not of who spoke.
 */
import type { ArticleText } from './article-text.js';
import { findQuotes, type FoundQuote, type QuoteReason } from './quote.service.js';

/** One quote offered as a pull quote, with the speaker to print (or none found). */
export interface PullQuoteSuggestion {
  /** The quoted words, marks removed. */
  text: string;
  /** The speaker to print under it (see `shownSpeaker`), or null when the article does not say who spoke. */
  speaker: string | null;
  reason: QuoteReason;
  /** 0 to 1: how likely the speaker (or its absence) is right. */
  confidence: number;
  /** The body paragraph the quote starts in. */
  paragraph: number;
}

// The article schema's limits for a pull quote (`pullQuoteSchema` in domain/articles): a
// suggestion must be one the editor can save as it stands.
const MAX_TEXT = 2000;
const MAX_SPEAKER = 200;
/** Fewer words than this ("a disgrace", "no comment") say too little on their own beside a story. */
const MIN_WORDS = 4;

/**
 * The speaker to print under a quote: the person, else the role or organisation as written with
 * a capital ("A ministry spokesperson"), which credits the words without inventing a name; else none.
 */
export function shownSpeaker(quote: Pick<FoundQuote, 'speaker' | 'description'>): string | null {
  if (quote.speaker) return quote.speaker;
  const role = quote.description?.trim();
  return role ? role.charAt(0).toUpperCase() + role.slice(1) : null;
}

/**
 * A quote's words as compared for "the same quote": compatibility forms folded, quote marks
 * dropped, spacing collapsed, case folded and closing punctuation ignored, so a pull quote typed
 * with curly marks or without its full stop still matches the words found in the body.
 */
export function quoteKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/["“”„‘’'«»]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.,;:!?…]+$/u, '')
    .toLowerCase();
}

const wordCount = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/**
 * An article -> the quotes worth offering as pull quotes, in the order they appear: long enough
 * to stand on their own, short enough to save, each once. A quote with no speaker is still
 * offered (with none), for the editor to say who spoke.
 */
export function suggestPullQuotes(article: ArticleText): PullQuoteSuggestion[] {
  const out: PullQuoteSuggestion[] = [];
  const seen = new Set<string>();
  for (const found of findQuotes(article)) {
    const text = found.text.trim();
    const paragraph = found.paragraphs[0];
    const key = quoteKey(text);
    if (paragraph === undefined || text.length > MAX_TEXT || wordCount(text) < MIN_WORDS || seen.has(key)) continue;
    seen.add(key);
    const speaker = shownSpeaker(found);
    // A speaker too long to save is left for the editor to shorten rather than offered broken.
    out.push({
      text,
      speaker: speaker && speaker.length <= MAX_SPEAKER ? speaker : null,
      reason: found.reason,
      confidence: found.confidence,
      paragraph,
    });
  }
  return out;
}
