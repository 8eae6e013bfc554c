/**
 * Words as topic suggestions compare them: folded (case, accents, apostrophes), with where
 * each stands in the text and what separates it from the word before.
 */

/** One word of a text. */
export interface Token {
  /** The word folded: accents and apostrophes dropped, lower case ("Erdoğan’s" → "erdogan"). */
  key: string;
  /** Where the word stands in the text (a possessive ’s left out). */
  start: number;
  end: number;
  /** All capitals (an acronym: "UN"), an initial capital ("Putin"), or neither. */
  shape: 'upper' | 'capital' | 'lower';
  /** A sentence or clause ends between it and the word before (".", ",", a blank line …), so no name spans the two. */
  breakBefore: boolean;
  /** Written with a possessive ’s ("Putin’s"): a name ends there. */
  possessive: boolean;
}

// Letters and digits, with apostrophes inside a word ("O’Brien", "Putin's"); a hyphen splits words,
// so "al-Assad" is two and matches a topic written the same way.
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
// What ends a sentence or clause between two words. A full stop after an initial or a short
// title ("George W. Bush", "Gen. Smith") does not.
const HARD_BREAK = /[.,;:!?()[\]{}"“”«»|/\\–—]|\n\s*\n/;
const SOFT_FULL_STOP = /^\s*\.\s*$/;
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'maj',
  'brig',
  'adm',
  'rev',
  'prof',
  'jr',
  'sr',
]);
// Letters NFKD leaves whole.
const LETTERS: Record<string, string> = { ø: 'o', ł: 'l', đ: 'd', ı: 'i', æ: 'ae', œ: 'oe', ß: 'ss', þ: 'th', ð: 'd' };

/** A word folded for comparison: NFKD with the marks dropped, special letters spelt out, apostrophes gone, lower case. */
export function foldWord(word: string): string {
  // Plain ASCII words (nearly all of them) skip the normalisation.
  if (/^[A-Za-z0-9]+$/.test(word)) return word.toLowerCase();
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øłđıæœßþð]/g, (c) => LETTERS[c] ?? c)
    .replace(/['’]/g, '');
}

function shapeOf(word: string): Token['shape'] {
  const first = word.charAt(0);
  if (first.toLowerCase() === first && first.toUpperCase() !== first) return 'lower';
  if (word.length >= 2 && word.toUpperCase() === word && /\p{L}.*\p{L}/u.test(word)) return 'upper';
  return first.toUpperCase() === first && first.toLowerCase() !== first ? 'capital' : 'lower';
}

/** The words of `text`, folded, in order. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  let previousKey = '';
  for (const m of text.matchAll(WORD)) {
    let word = m[0];
    const start = m.index;
    let possessive = false;
    // "Putin’s", "Ukraine's": the possessive is not part of the name.
    if (word.length > 2 && /['’][sS]$/.test(word)) {
      word = word.slice(0, -2);
      possessive = true;
    }
    const between = text.slice(previousEnd, start);
    const breakBefore =
      tokens.length === 0 ||
      (HARD_BREAK.test(between) &&
        !(SOFT_FULL_STOP.test(between) && (previousKey.length === 1 || ABBREVIATIONS.has(previousKey)) && !between.includes('\n')));
    const key = foldWord(word);
    tokens.push({ key, start, end: start + word.length, shape: shapeOf(word), breakBefore, possessive });
    previousEnd = start + m[0].length;
    previousKey = key;
  }
  return tokens;
}

/**
 * The singular a plural may stand for ("drones" → "drone", "militias"… "militia", "companies" →
 * "company"), or null: tried only when the word as written names nothing. Acronyms and short
 * words are left alone ("US", "bus").
 */
export function singularOf(token: Token): string | null {
  const k = token.key;
  if (token.shape === 'upper' || k.length < 4 || !k.endsWith('s') || k.endsWith('ss')) return null;
  if (k.endsWith('ies') && k.length > 4) return `${k.slice(0, -3)}y`;
  if (/(?:ches|shes|xes|sses)$/.test(k)) return k.slice(0, -2);
  return k.slice(0, -1);
}

/** The folded words of a name ("Bashar al-Assad" → ["bashar", "al", "assad"]). */
export const nameKeys = (name: string): string[] => tokenize(name).map((t) => t.key);

/** Whether a headline is in title case ("Russia Considering Airstrikes Against Islamic State"): its capitals say nothing about names. */
export function isTitleCase(headline: string): boolean {
  const words = tokenize(headline)
    .slice(1)
    .filter((t) => t.end - t.start > 3);
  if (words.length < 3) return false;
  return words.filter((t) => t.shape !== 'lower').length / words.length >= 0.8;
}

/**
 * An article's body as plain words: Markdown's link targets, picture references and marks
 * dropped, so "[the MoD](https://…)" reads as "the MoD" and emphasis does not split names.
 */
export function plainBody(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<(?:https?|mailto):[^>\s]*>/g, ' ')
    .replace(/^[ \t]{0,3}(?:>[ \t]?)+/gm, '')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/[*_`~]+/g, '');
}
