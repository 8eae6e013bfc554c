import { fold, wordFinder, type Wanted, type WordMatch } from './query-words.js';
import { SNIPPET_END, SNIPPET_MARK } from './search-index.js';

/** Words in a passage, as FTS5's snippet() and PostgreSQL's ts_headline are asked for. */
const PASSAGE_WORDS = 30;
/** About as many characters as PASSAGE_WORDS words of English: the span a passage's matches are counted in. */
const PASSAGE_SPAN = 200;
/** Words kept before a passage's first match, so the match is read in its sentence. */
const LEAD_WORDS = 3;

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The passage of a body that shows a search's words best: PASSAGE_WORDS words around the
 * stretch holding most of them, each wanted word wrapped in SNIPPET_MARK and SNIPPET_END, and
 * an ellipsis where the body goes on. SQLite's search cuts its passages here rather than with
 * FTS5's snippet(), which re-runs the whole query for every row it is asked about.
 */
export function passageOf(body: string, wanted: readonly Wanted[]): string {
  const hits = matchesIn(body, wanted);
  // The stretch of PASSAGE_SPAN characters holding the most matches, the first of equals.
  let best = 0;
  let bestCount = 0;
  for (let i = 0, j = 0; i < hits.length; i++) {
    while (j < hits.length && hits[j]!.at < hits[i]!.at + PASSAGE_SPAN) j++;
    if (j - i > bestCount) [best, bestCount] = [i, j - i];
  }
  const anchor = hits[best]?.at ?? 0;
  // Back a few words from the first match, then forward PASSAGE_WORDS words; near the body's
  // end, back far enough to show PASSAGE_WORDS all the same.
  let start = startOfWordsBefore(body, anchor, LEAD_WORDS);
  let [end, words] = endOfWordsFrom(body, start, PASSAGE_WORDS);
  if (words < PASSAGE_WORDS && start > 0) {
    start = startOfWordsBefore(body, start, PASSAGE_WORDS - words);
    [end] = endOfWordsFrom(body, start, PASSAGE_WORDS);
  }
  // The last word's closing punctuation belongs to it ("said." rather than "said").
  end += /^[^\s\p{L}\p{N}]*/u.exec(body.slice(end))![0].length;
  let out = start > 0 ? '…' : '';
  let cursor = start;
  for (const h of hits) {
    if (h.at < start || h.end > end) continue;
    out += `${body.slice(cursor, h.at)}${SNIPPET_MARK}${body.slice(h.at, h.end)}${SNIPPET_END}`;
    cursor = h.end;
  }
  out += body.slice(cursor, end);
  return /[\p{L}\p{N}]/u.test(body.slice(end)) ? `${out}…` : out;
}

/** Where the `n`th word before `at` starts (the body's start if there are fewer). */
function startOfWordsBefore(body: string, at: number, n: number): number {
  for (let span = n * 20; ; span *= 2) {
    // The look-back starts after a space, so it never begins inside a word.
    let back = Math.max(0, at - span);
    if (back > 0) back = body.indexOf(' ', back) + 1 || at;
    const before = [...body.slice(back, Math.max(back, at)).matchAll(WORD)];
    if (before.length >= n) return back + before[before.length - n]!.index;
    if (back === 0) return 0;
  }
}

/** Where `n` words from `start` end, and how many words there were (fewer at the body's end). */
function endOfWordsFrom(body: string, start: number, n: number): [number, number] {
  let end = start;
  let words = 0;
  for (const m of body.slice(start, start + n * 20).matchAll(WORD)) {
    end = start + m.index + m[0].length;
    if (++words === n) break;
  }
  return [end, words];
}

/**
 * Where the wanted words stand in the body, by the body's own offsets. Folding (lower case,
 * accents dropped) keeps the length of nearly all text, "£", "’" and "é" included, and then the
 * folded body is searched whole; text whose length it changes is folded a word at a time.
 */
function matchesIn(body: string, wanted: readonly Wanted[]): WordMatch[] {
  const find = wordFinder(wanted);
  const folded = fold(body);
  if (folded.length === body.length) return find(folded);
  const out: WordMatch[] = [];
  for (const m of body.matchAll(WORD)) if (find(fold(m[0])).length > 0) out.push({ at: m.index, end: m.index + m[0].length });
  return out;
}
