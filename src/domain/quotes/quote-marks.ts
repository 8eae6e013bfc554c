/**
 * Where quotation marks open and close in a paragraph. An article uses one kind of mark for its
 * quotes: double (agency and most newspaper copy) or single (some tabloids), with the other
 * kind nested inside. Marks are paired by position, not trusted blindly: a straight mark opens
 * after a space and closes before one, a curly mark typed the wrong way round is read by where
 * it stands, an apostrophe ("don't", "the Marines' boats") is not a quote, and a mark that
 * closes nothing (`'enormous mistake"`) is ignored. A quote left open at the end of its
 * paragraph is reported as such: in agency copy the next paragraph continues it.
 */

/** Which marks delimit quotes in an article. */
export type QuoteStyle = 'double' | 'single';

/** One quoted span of a paragraph. */
export interface Span {
  /** Offset of the opening mark. */
  start: number;
  /** Offset just after the closing mark, or the paragraph's length when the quote is left open. */
  end: number;
  /** The quoted words, marks excluded. */
  inner: string;
  /** False when no closing mark was found before the paragraph ended. */
  closed: boolean;
}

const DOUBLE = new Set(['"', '“', '”', '„', '«', '»', '‟']);
const SINGLE = new Set(["'", '‘', '’', '‛']);
/** Characters after which a mark opens a quote (and `:` for `said:"…"`). */
const OPENS_AFTER = /[\s([{—–\-/:]/;
/** Characters before which a mark closes one. */
const CLOSES_BEFORE = /[\s)\]}.,;:!?—–-]/;
const LETTER = /[\p{L}\p{N}]/u;

/**
 * The article's quote style: single marks when they open more quotes than double marks appear,
 * so an article quoted in double marks keeps its nested 'single' quotes and apostrophes as text.
 */
export function quoteStyle(paragraphs: readonly string[]): QuoteStyle {
  let doubles = 0;
  let singleOpeners = 0;
  for (const p of paragraphs) {
    for (let i = 0; i < p.length; i++) {
      const ch = p.charAt(i);
      if (DOUBLE.has(ch)) doubles++;
      else if (SINGLE.has(ch) && (i === 0 || OPENS_AFTER.test(p.charAt(i - 1))) && LETTER.test(p.charAt(i + 1))) singleOpeners++;
    }
  }
  return singleOpeners > doubles ? 'single' : 'double';
}

type Mark = { at: number; role: 'open' | 'close' | 'either' | 'maybe-close' };

/** The quote marks of a paragraph and what each one could do, by what stands either side. */
function marksOf(p: string, style: QuoteStyle): Mark[] {
  const marks: Mark[] = [];
  const kinds = style === 'double' ? DOUBLE : SINGLE;
  for (let i = 0; i < p.length; i++) {
    const ch = p.charAt(i);
    if (!kinds.has(ch)) continue;
    const prev = i === 0 ? ' ' : p.charAt(i - 1);
    const next = i === p.length - 1 ? ' ' : p.charAt(i + 1);
    const opensLike = OPENS_AFTER.test(prev) || (style === 'single' && DOUBLE.has(prev));
    const closesLike = CLOSES_BEFORE.test(next) || (style === 'single' && DOUBLE.has(next));
    if (style === 'single') {
      // An apostrophe inside a word ("don't", "O'Brien") or after one ("the Marines' boats") is no quote mark.
      if (LETTER.test(prev) && LETTER.test(next)) continue;
      if (opensLike && !/\s/.test(next)) marks.push({ at: i, role: 'open' });
      else if (!/\s/.test(prev) && closesLike) {
        const possessive = /s/i.test(prev) && /^ [\p{Ll}\p{N}]/u.test(p.slice(i + 1, i + 3));
        marks.push({ at: i, role: possessive ? 'maybe-close' : 'close' });
      }
      continue;
    }
    let role: Mark['role'];
    if (ch === '“' || ch === '„' || ch === '«' || ch === '‟') role = closesLike && !opensLike ? 'close' : 'open';
    else if (ch === '”' || ch === '»') role = opensLike && !closesLike ? 'open' : 'close';
    else role = opensLike && !closesLike ? 'open' : closesLike && !opensLike ? 'close' : 'either';
    marks.push({ at: i, role });
  }
  return marks;
}

/** The quoted spans of one paragraph, in order; a quote still open at the end is the last span, with `closed: false`. */
export function findSpans(p: string, style: QuoteStyle): Span[] {
  const marks = marksOf(p, style);
  const spans: Span[] = [];
  let open = -1;
  for (let k = 0; k < marks.length; k++) {
    const mark = marks[k];
    if (!mark) continue;
    if (open === -1) {
      // A closing mark with nothing open is a stray (`'enormous mistake"`): ignored.
      if (mark.role === 'open' || mark.role === 'either') open = mark.at;
      continue;
    }
    if (mark.role === 'open') {
      // A new quote opens before the last one closed: the last one lost its closing mark.
      spans.push(unclosed(p, open, mark.at));
      open = mark.at;
      continue;
    }
    if (mark.role === 'maybe-close' && laterClose(marks, k)) continue;
    spans.push({ start: open, end: mark.at + 1, inner: p.slice(open + 1, mark.at), closed: true });
    open = -1;
  }
  if (open !== -1) spans.push(unclosed(p, open, p.length));
  return spans;
}

function unclosed(p: string, start: number, end: number): Span {
  const inner = p.slice(start + 1, end).trimEnd();
  return { start, end: start + 1 + inner.length, inner, closed: false };
}

/** True when a definite closing mark follows before the next opening one: then a "Marines'" before it is an apostrophe. */
function laterClose(marks: Mark[], k: number): boolean {
  for (let j = k + 1; j < marks.length; j++) {
    const role = marks[j]?.role;
    if (role === 'open') return false;
    if (role === 'close' || role === 'either') return true;
  }
  return false;
}

/**
 * The paragraph with quoted words blanked (same length, marks kept), so that a name inside a
 * quote is never taken for a sentence's subject. A quote's final . ! or ? is kept so the
 * sentence it ends still ends there. Built from parts: re-slicing the whole paragraph per quote
 * would be quadratic.
 */
export function maskSpans(p: string, spans: readonly Span[]): string {
  if (spans.length === 0) return p;
  const parts: string[] = [];
  let pos = 0;
  for (const s of spans) {
    parts.push(p.slice(pos, s.start + 1));
    const last = s.inner.slice(-1);
    parts.push(/[.!?]/.test(last) ? `${' '.repeat(s.inner.length - 1)}${last}` : ' '.repeat(s.inner.length));
    pos = s.start + 1 + s.inner.length;
  }
  parts.push(p.slice(pos));
  return parts.join('');
}
