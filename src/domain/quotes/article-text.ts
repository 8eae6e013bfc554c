/**
 * An article as the quote service reads it: body paragraphs split and whitespace collapsed
 * (LF or CRLF), names written in capitals in bylines and captions turned to ordinary case
 * ("Brigadier TOM HAWKSWORTH" -> "Brigadier Tom Hawksworth"), and each paragraph marked as
 * running text, a heading or a caption. Kept apart because it is the one place that knows how
 * copy is laid out; everything after it works on clean paragraphs of the same length.
 */
import { VERB, isDescriptorWord } from './attribution-lexicon.js';

/** The words of an article, as an importer or editor holds them. */
export interface ArticleText {
  /** Read only to be set aside: a title-case headline is never a speaker and never teaches a name. */
  headline?: string;
  standfirst?: string;
  /** Body paragraphs, or the body as text with paragraphs separated by blank lines (LF or CRLF). */
  body: string | readonly string[];
}

/**
 * `heading`: a cross-head ("Hostile Waters"); `caption`: a byline, picture caption or labelled
 * caption ("PROUD: …"). Neither is a sentence a pronoun can refer back to.
 */
export type ParagraphKind = 'text' | 'heading' | 'caption';

/** One body paragraph, ready to read. */
export interface Paragraph {
  text: string;
  kind: ParagraphKind;
}

/** The standfirst and body paragraphs of an article, ready to read. */
export interface PreparedArticle {
  standfirst: string;
  body: Paragraph[];
}

/** JS `\s` covers U+00A0 and the other Unicode spaces, so one pass normalises them all. */
export function collapseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A body given as text -> its paragraphs: runs of non-blank lines, joined with spaces. */
export function splitParagraphs(body: string): string[] {
  const out: string[] = [];
  let block: string[] = [];
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') {
      if (block.length > 0) out.push(collapseSpace(block.join(' ')));
      block = [];
    } else block.push(line);
  }
  if (block.length > 0) out.push(collapseSpace(block.join(' ')));
  return out;
}

/**
 * Input -> paragraphs. An array keeps one paragraph per entry, even an empty one, so the indexes
 * the service reports are the caller's own.
 */
export function prepareArticle(article: ArticleText): PreparedArticle {
  const raw = typeof article.body === 'string' ? splitParagraphs(article.body) : article.body.map(collapseSpace);
  return {
    standfirst: softenCapitals(collapseSpace(article.standfirst ?? '')),
    body: raw.map((text) => ({ text: softenCapitals(text), kind: paragraphKind(text) })),
  };
}

const CAPTION_START =
  /^(?:by\s+\p{Lu}|(?:pictured|picture|photo|photograph|image|caption|above|below|left|right|top|main picture|inset)\s*[:,–—-])/iu;
/** A label in capitals opening a caption: "PROUD:", "LEADING THE CHARGE:". */
const CAPTION_LABEL = /^\p{Lu}{2,}(?:[ '’-]+\p{Lu}{2,}){0,4}:\s/u;
const CREDIT_END = /\((?:image|photo|picture|pictures|credit)s?:[^)]*\)$/i;

function paragraphKind(text: string): ParagraphKind {
  if (text === '') return 'text';
  const wordCount = text.split(' ').length;
  if ((CAPTION_START.test(text) && wordCount <= 14) || CAPTION_LABEL.test(text) || CREDIT_END.test(text)) return 'caption';
  if (wordCount <= 12 && !/[.!?:;"“”'‘’)]$/.test(text) && !/["“”„]/.test(text)) {
    // A short line with no closing punctuation whose words are capitalised (or all in capitals) is a cross-head.
    const long = text.split(' ').filter((w) => /\p{L}{4,}/u.test(w));
    const capitalised = long.filter((w) => /^\p{Lu}/u.test(w)).length;
    if (!/\p{Ll}/u.test(text) || (long.length > 0 && capitalised / long.length >= 0.6)) return 'heading';
  }
  return 'text';
}

/** Words in capitals that are acronyms, not names ("NATO", "RAF", "MOD"); words with no vowel are never names either. */
const ACRONYMS = new Set(
  (
    "NATO MOD MOD’S MOD'S RAF HMS HMY RFA UK US USA EU UN BBC ITV ITN PA AP NHS GMB SNP DUP MP MPS MEP QC KC CEO HQ RN RM SAS SBS " +
    'IRA ISIS ID TV PM GCHQ MI5 MI6 FBI CIA RFU SSAFA BAE KNDS OBE MBE CBE DSO MC VC GC AWOL PTSD UAV AI'
  ).split(' '),
);
/** Small words never found inside a name: a run of capitals holding one is a label or a heading. */
const SMALL_WORDS = new Set(['THE', 'OF', 'AND', 'IN', 'ON', 'AT', 'FOR', 'TO', 'A', 'AN', 'BY', 'WITH', 'FROM', 'IS', 'IT', 'AS', 'OR']);
const TITLE_BEFORE =
  /(?:^|\s)(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Prof|Professor|Brigadier|Colonel|Major|General|Captain|Commander|Admiral|Sergeant|Corporal|Private|Lieutenant)\s$/;
const CAPS_WORD = /[\p{L}'’-]+/gu;
const SAYS_NEXT = new RegExp(String.raw`^\s+${VERB}(?![\p{L}])`, 'iu');

/**
 * Names in capitals, as bylines and captions print them ("By MARTIN HOLLOWAY", "Veteran JOAN
 * MERRIMAN, 68"), in ordinary case, so the name rules apply to them. Only runs of two or more
 * capitalised words (or one after a title) in a paragraph that also has lower case are changed:
 * a line wholly in capitals is a heading, and acronyms stay as they are. The length of the
 * text never changes.
 */
export function softenCapitals(text: string): string {
  if (!/\p{Ll}/u.test(text) || !/\p{Lu}{2}/u.test(text)) return text;
  const found: Array<{ start: number; end: number; word: string }> = [];
  for (const m of text.matchAll(CAPS_WORD)) found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, word: m[0] });
  const isCaps = (w: string) => /^\p{Lu}[\p{Lu}'’-]*\p{Lu}$/u.test(w) && !ACRONYMS.has(w) && /[AEIOUY]/.test(w) && !SMALL_WORDS.has(w);
  let out = text;
  for (let i = 0; i < found.length;) {
    if (!isCaps(found[i]?.word ?? '')) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < found.length && isCaps(found[j + 1]?.word ?? '') && /^ $/.test(text.slice(found[j]?.end, found[j + 1]?.start))) j++;
    const first = found[i];
    const last = found[j];
    if (first && last) {
      const runLength = j - i + 1;
      // "PROUD:" opening a caption is a label, not a name.
      const labelled = text.slice(last.end, last.end + 1) === ':' && text.slice(0, first.start).trim() === '';
      const titled = TITLE_BEFORE.test(text.slice(0, first.start));
      // Where a name stands: after a title or description ("Veteran JOAN MERRIMAN"), in a byline, or before
      // a comma, colon, bracket, verb of saying or the end. "a GREAT DAY for Britain" is emphasis, left alone.
      const before = /(\S+)\s$/.exec(text.slice(Math.max(0, first.start - 40), first.start))?.[1] ?? '';
      const placed =
        titled ||
        /^By\s/.test(text) ||
        (/^\p{Lu}\p{Ll}/u.test(before) && isDescriptorWord(before)) ||
        /^\s*(?:[,:(]|\d|$)/.test(text.slice(last.end)) ||
        SAYS_NEXT.test(text.slice(last.end, last.end + 40));
      if (!labelled && placed && (runLength >= 2 || titled)) {
        for (let k = i; k <= j; k++) {
          const w = found[k];
          if (w) out = out.slice(0, w.start) + ordinaryCase(w.word) + out.slice(w.end);
        }
      }
    }
    i = j + 1;
  }
  return out;
}

/** "HAWKSWORTH" -> "Hawksworth", "O'BRIEN" -> "O'Brien", "FENWICK-LOWE" -> "Fenwick-Lowe", "MCBRIDE" -> "McBride". */
function ordinaryCase(word: string): string {
  let out = word.toLowerCase().replace(/(^|-)(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
  if (/^\p{L}['’]\p{L}/u.test(out) || /^Mc\p{L}/u.test(out)) out = out.slice(0, 2) + out.charAt(2).toUpperCase() + out.slice(3);
  return out;
}
