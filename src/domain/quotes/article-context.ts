/**
 * Everything the quote service knows about one article, worked out once: the paragraphs, their
 * quoted spans and blanked copies, the names and the descriptions of the people in it, and the
 * sentence ends of each paragraph (cached as they are asked for). Built per call and never
 * shared, so one article cannot affect the next.
 */
import { prepareArticle, type ArticleText, type Paragraph } from './article-text.js';
import type { Attribution } from './attributions.js';
import { indexNames, type NameIndex } from './people.js';
import { findSpans, maskSpans, quoteStyle, type QuoteStyle, type Span } from './quote-marks.js';
import { indexHolders, type HolderIndex } from './role-holders.js';
import { sentenceEnds } from './sentences.js';

/** One article, read. */
export interface ArticleContext {
  body: Paragraph[];
  /** Quoted spans of each body paragraph. */
  spans: Span[][];
  /** Each body paragraph with its quoted words blanked. */
  masked: string[];
  maskedStandfirst: string;
  names: NameIndex;
  holders: HolderIndex;
  /** Sentence ends of each masked body paragraph, computed on demand. */
  ends: Map<number, number[]>;
  /** The attribution after each span ("paragraph:span"), computed on demand. */
  after: Map<string, Attribution | null>;
}

/** An article -> its context. */
export function readArticle(article: ArticleText): ArticleContext {
  const { standfirst, body } = prepareArticle(article);
  const style = quoteStyle(body.map((p) => p.text));
  const spans = body.map((p) => spansOf(p.text, style));
  const masked = body.map((p, i) => maskSpans(p.text, spans[i] ?? []));
  const maskedStandfirst = maskSpans(standfirst, findSpans(standfirst, style));
  // Names are learnt from the words as written (a full name inside a quote still names someone), never from the headline.
  const names = indexNames([standfirst, ...body.map((p) => p.text)]);
  const holders = indexHolders(names, [{ text: maskedStandfirst, at: -1 }, ...masked.map((text, at) => ({ text, at }))]);
  return { body, spans, masked, maskedStandfirst, names, holders, ends: new Map(), after: new Map() };
}

/**
 * The spans of one paragraph in the article's style. A paragraph with no mark of that style may
 * use the other one: a double-quoted caption in single-quote copy, or a caption opening with a
 * single-quoted quote in double-quote copy (only at its start, so a scare quote stays text).
 */
function spansOf(text: string, style: QuoteStyle): Span[] {
  const own = findSpans(text, style);
  if (own.length > 0) return own;
  if (style === 'single') return findSpans(text, 'double');
  if (/["“”„«»]/.test(text)) return own;
  const other = findSpans(text, 'single');
  return other[0]?.start === 0 ? other : own;
}

/** Sentence ends of body paragraph `i`, cached. */
export function endsOf(ctx: ArticleContext, i: number): number[] {
  let ends = ctx.ends.get(i);
  if (!ends) {
    ends = sentenceEnds(ctx.masked[i] ?? '');
    ctx.ends.set(i, ends);
  }
  return ends;
}
