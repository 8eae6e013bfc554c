/**
 * What compromise reads of an article: short windows of text around the names the outlet's topics
 * have not already claimed, batched into one text, one paragraph each.
 *
 * A new topic can only be a capitalised word, so compromise need not read the rest. Each run of
 * capitalised words the matcher left unclaimed ("Mr Obama", "Bashar al-Assad") is sent with the
 * word before it and the one after (what compromise's rules look at: "the UN", "in Warton",
 * "Tamm said"), widened back to a lower-case word or the sentence's start, so that compromise sees
 * a sentence's opening capital where it stands and no other. A name is sent once, where it stands
 * inside a sentence if it ever does: the matcher counts every mention afterwards, and compromise's
 * verdict on the eighth "Mr Putin" would say nothing new. What compromise's lexicon settles alone
 * is not sent at all: a place or organisation it knows as nothing else ("Syria", "NATO"), and a
 * lone capitalised word that is no name ("The", "During", "Speaking" opening a sentence).
 *
 * Each window costs compromise some tens of microseconds besides its words (its rules are set up
 * for every clause), so fewer, shorter windows are what make a suggestion fast: compromise reads a
 * fifth of the seed article's words, or a ninth when the outlet has topics for its best-known names.
 */
import { findEntities, type EntityMention, type LexiconVerdict, type Nlp } from './name-finder.js';
import { INNER, TITLES } from './topic-proposals.js';
import type { Token } from './topic-text.js';

/** The windows of an article compromise's tagger reads, and the names its lexicon settled alone. */
export interface NameWindows {
  /** The windows, each its own paragraph. */
  text: string;
  /** Where each window starts: in `text`, and in the article. */
  starts: Array<[at: number, from: number]>;
  /** Places and organisations compromise's lexicon knows as nothing else ("Syria", "NATO"), with offsets into the article. */
  known: EntityMention[];
}

/** Words before and after a name that go with it. */
const BEFORE = 1;
const AFTER = 1;
// What ends a sentence between two words, or opens a quotation (compromise reads its first capital as a sentence's).
const SENTENCE_GAP = /[.!?]|\n\s*\n|["“‘']$/;

/** A run of capitalised words, from `tokens[first]` up to, not including, `tokens[end]`. */
interface Run {
  first: number;
  end: number;
  /** It follows a full stop, comma or other break: it may open a sentence, where its capital says less. */
  afterBreak: boolean;
}

/**
 * The windows around the capitalised words of `text[from, to)` that `claimed` leaves free (words
 * the outlet's topics took are no new topic, but stay in a window as context).
 */
export function nameWindows(
  text: string,
  tokens: readonly Token[],
  claimed: Uint8Array,
  [from, to]: [number, number],
  lexicon: (key: string, opensSentence: boolean) => LexiconVerdict = () => null,
): NameWindows {
  let lo = 0;
  while (lo < tokens.length && tokens[lo]!.start < from) lo++;
  let hi = lo;
  while (hi < tokens.length && tokens[hi]!.end <= to) hi++;
  const opens = (i: number) => i <= lo || (tokens[i]!.breakBefore && SENTENCE_GAP.test(text.slice(tokens[i - 1]!.end, tokens[i]!.start)));
  const free = (i: number) => i < hi && !claimed[i];
  // Words the text also writes in lower case: capitalised only to open a sentence ("Critics said").
  let lowerCase: Set<string> | null = null;

  // The run each name (as written) is sent as: its first inside a sentence, else its first.
  const byName = new Map<string, Run>();
  const known: EntityMention[] = [];
  for (let i = lo; i < hi; i++) {
    if (!free(i) || tokens[i]!.shape === 'lower') continue;
    let end = i + 1;
    for (;;) {
      if (tokens[end - 1]!.possessive) break;
      // Lower-case words join a name only on the way to another capitalised word ("Bank of England").
      let next = end;
      while (free(next) && !tokens[next]!.breakBefore && tokens[next]!.shape === 'lower' && INNER.has(tokens[next]!.key)) next++;
      if (!free(next) || tokens[next]!.breakBefore || tokens[next]!.shape === 'lower') break;
      end = next + 1;
    }
    const first = i;
    i = end - 1;
    // What compromise's lexicon settles alone is not sent: a place or organisation it knows as
    // nothing else ("Syria", "New York", "United Nations"), or one word that is plainly no name
    // ("The", "I", "Speaking" opening a sentence).
    const opening = opens(first);
    const verdict = lexicon(
      tokens
        .slice(first, end)
        .map((t) => t.key)
        .join(' '),
      opening,
    );
    if (verdict === 'place' || verdict === 'organisation') {
      const tags = ['ProperNoun', verdict === 'place' ? 'Place' : 'Organization'];
      const words = tokens
        .slice(first, end)
        .map((t, k) => ({ text: text.slice(t.start, t.end), start: t.start, tags, sentenceStart: k === 0 && opening }));
      known.push({ kind: verdict, words });
      continue;
    }
    // Titles alone ("Mr" before a surname the outlet has) name no one.
    if (tokens.slice(first, end).every((t) => TITLES.has(t.key))) continue;
    if (end === first + 1 && tokens[first]!.shape === 'capital') {
      lowerCase ??= new Set(tokens.filter((t) => t.shape === 'lower').map((t) => t.key));
      // (Only a word in capitals: "US" is an acronym, whatever the lexicon says of "us".)
      if (verdict === 'none' || (opening && lowerCase.has(tokens[first]!.key))) continue;
    }
    const name = text.slice(tokens[first]!.start, tokens[end - 1]!.end);
    const sent = byName.get(name);
    if (!sent || (sent.afterBreak && !tokens[first]!.breakBefore)) byName.set(name, { first, end, afterBreak: tokens[first]!.breakBefore });
  }
  const chosen = [...byName.values()].sort((a, b) => a.first - b.first);

  const spans: Array<[number, number]> = [];
  for (const run of chosen) {
    // Back a word, and on to a lower-case one, within the sentence.
    let a = run.first;
    for (let k = 0; k < BEFORE && !opens(a); k++) a--;
    while (!opens(a) && tokens[a]!.shape !== 'lower') a--;
    let b = run.end;
    for (let k = 0; k < AFTER && b < hi && !opens(b); k++) b++;
    // With the marks that cling to the words: an opening quote, a possessive, a comma or full stop.
    let start = tokens[a]!.start;
    while (start > from && !/\s/.test(text[start - 1]!)) start--;
    let end = tokens[b - 1]!.end;
    while (end < to && !/\s/.test(text[end]!)) end++;
    const last = spans.at(-1);
    if (last && (start <= last[1] || /^\s*$/.test(text.slice(last[1], start)))) last[1] = Math.max(last[1], end);
    else spans.push([start, end]);
  }

  const parts: string[] = [];
  const starts: Array<[number, number]> = [];
  let at = 0;
  for (const [start, end] of spans) {
    starts.push([at, start]);
    parts.push(text.slice(start, end));
    at += end - start + 2;
  }
  return { text: parts.join('\n\n'), starts, known };
}

/** compromise's people, places and organisations in the windows and from its lexicon, with offsets into the article. */
export function findEntitiesIn(nlp: Nlp, windows: NameWindows): EntityMention[] {
  const { starts } = windows;
  const toArticle = (at: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]![0] <= at) low = mid;
      else high = mid - 1;
    }
    return starts[low]![1] + at - starts[low]![0];
  };
  const tagged = windows.text === '' ? [] : findEntities(nlp, windows.text);
  return [...tagged.map((m) => ({ ...m, words: m.words.map((w) => ({ ...w, start: toArticle(w.start) })) })), ...windows.known];
}
