/**
 * Where sentences end in a paragraph (quoted words already blanked), and the sentences before a
 * point, nearest first. Shared by attribution, which reads the sentence a quote stands in, and
 * pronoun resolution, which walks back through earlier ones.
 */
import { ABBREVIATIONS } from './attribution-lexicon.js';

/** Offsets just after each sentence-ending mark in `text`; "Mr." and initials do not end sentences. */
export function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  // A quote mark after the space opens the next sentence whatever follows it (its words may be blanked).
  for (const m of text.matchAll(/[.!?]["”’')]*(?=\s+(?:["“„‘(]|'(?!\p{Ll})|[\p{Lu}\p{N}]))/gu)) {
    const at = m.index ?? 0;
    if (text[at] === '.') {
      const word = /(\S+)$/.exec(text.slice(Math.max(0, at - 20), at))?.[1] ?? '';
      if (ABBREVIATIONS.has(word.replace(/^\(/, '')) || /^\p{Lu}$/u.test(word)) continue;
    }
    ends.push(at + m[0].length);
  }
  return ends;
}

/** Offset where the sentence holding `at` starts, given the paragraph's sentence ends (a binary search: paragraphs can be huge). */
export function sentenceStart(ends: readonly number[], at: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ends[mid] ?? 0) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : (ends[lo - 1] ?? 0);
}

/** Offset where the sentence holding `at` ends (the paragraph's length for the last one). */
export function sentenceEnd(ends: readonly number[], at: number, length: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ends[mid] ?? 0) <= at) lo = mid + 1;
    else hi = mid;
  }
  return ends[lo] ?? length;
}

/** How much text before a point (and of each earlier paragraph) is read; bounds work on huge paragraphs. */
const SENTENCE_WINDOW = 1000;

/**
 * Sentences of `text` before `end`, nearest first. Only the last SENTENCE_WINDOW characters are
 * read; if that cuts a sentence, null is yielded in its place so the caller stops rather than guess.
 */
export function* sentencesBackwards(text: string, end: number): Generator<string | null> {
  let start = Math.max(0, end - SENTENCE_WINDOW);
  if (start > 0) {
    const space = text.slice(start, end).search(/\s/);
    start = space === -1 ? end : start + space;
  }
  const window = text.slice(start, end);
  // Read a little past `end`: a sentence ending just before it is only seen as ended by what follows.
  const ends = sentenceEnds(text.slice(start, end + 3)).filter((e) => e <= window.length);
  for (let k = ends.length; k >= 0; k--) {
    if (k === 0 && start > 0) {
      yield null;
      return;
    }
    yield window.slice(k === 0 ? 0 : ends[k - 1], k === ends.length ? window.length : ends[k]);
  }
}
