/**
 * Where the double-quote marks of a paragraph pair up, and the paragraph with its quoted words
 * blanked. A module of its own because two others need it: quote attribution reads the spans,
 * and pronoun resolution reads the blanked text so a name inside a quote is never taken as a
 * sentence's subject. Sitting below both keeps them from importing each other.
 */

export interface Span {
  /** Offset of the opening mark. */
  start: number;
  /** Offset just after the closing mark. */
  end: number;
  inner: string;
}

/**
 * Double-quoted spans, straight or curly. Returns null when the marks do not pair up soundly
 * (odd count, or a straight mark that opens right after a letter as in `'enormous mistake"`):
 * guessing would attribute the wrong words to someone.
 */
export function findQuoteSpans(p: string): Span[] | null {
  const spans: Span[] = [];
  let open = -1;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch !== '"' && ch !== '“' && ch !== '„' && ch !== '”') continue;
    const prev = p[i - 1] ?? ' ';
    const next = p[i + 1] ?? ' ';
    if (ch === '“' || ch === '„') {
      if (open !== -1) return null;
      open = i;
    } else if (ch === '”' || open !== -1) {
      if (open === -1 || /\s/.test(prev)) return null;
      spans.push({ start: open, end: i + 1, inner: p.slice(open + 1, i) });
      open = -1;
    } else {
      if (/[\p{L}\p{N}]/u.test(prev) || /\s/.test(next)) return null;
      open = i;
    }
  }
  return open === -1 ? spans : null;
}

/**
 * Blank out quoted words (keeping offsets and the marks) so names inside quotes are never taken
 * as a subject. A quote's final . ! or ? is kept so the sentence it ends still ends there.
 * Built from parts: re-slicing the whole paragraph per quote would be quadratic.
 */
export function maskQuotes(p: string): string {
  const spans = findQuoteSpans(p);
  if (!spans || spans.length === 0) return p;
  const parts: string[] = [];
  let pos = 0;
  for (const s of spans) {
    parts.push(p.slice(pos, s.start + 1));
    const last = s.inner.slice(-1);
    parts.push(/[.!?]/.test(last) ? `${' '.repeat(s.inner.length - 1)}${last}` : ' '.repeat(s.inner.length));
    pos = s.end - 1;
  }
  parts.push(p.slice(pos));
  return parts.join('');
}
