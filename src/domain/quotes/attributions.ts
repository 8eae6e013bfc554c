/**
 * The attribution next to a quote: after it (`"…," said X`, `"…," X said`, `"…" - X`,
 * `"…": X` in a caption, `"…," according to X`) or before it in the same sentence (`X said:
 * "…"`, `X told the BBC: "…"`, `X, spokesman for the task force, said "…"`, `…, adding: "…"`).
 * It reads the words around one quote and says who they name; which quote they belong to, and
 * what a pronoun or a role stands for, is decided by the caller.
 */
import { PARTICIPLE_VERB, VERB, words } from './attribution-lexicon.js';
import type { NameIndex } from './people.js';
import { sentenceEnds } from './sentences.js';
import { classifyPhrase, clauseSubject, parseNamedAfter, parseSubject, verbsIn, type SpeakerRef } from './speaker-phrases.js';

/** An attribution found next to a quote. */
export interface Attribution {
  ref: SpeakerRef;
  /** Offset just after the attribution in the text it was read from. */
  end: number;
  /** Nothing but the speaker and the verb ("said Mr Smith", "Mr Smith said", "- Mr Smith"). */
  bare: boolean;
  /** The words after the verb: "in a statement", "the BBC". */
  tail: string;
}

/** A lead-in is short; reading only its tail keeps the work linear on huge paragraphs. */
const WINDOW = 300;
const VERB_AT_START = new RegExp(String.raw`^${VERB}(?![\p{L}'’-])\s*`, 'iu');
const PARTICIPLE_AT_END = new RegExp(String.raw`(?:^|,)\s*${PARTICIPLE_VERB}((?:\s+[^\s:;,"“”]+){0,4})\s*$`, 'iu');
/** Where the words after a verb stop: "told the BBC after the ceremony." */
const TAIL_END = /[,.;:!?"“”„]/;

/**
 * The attribution in `text`, the words after a quote's closing mark (up to the next quote).
 * `base` is the text's offset in its paragraph; `endsSentence` says the quote ended with a full
 * stop, after which a capitalised word starts a new sentence, not an attribution.
 */
export function attributionAfter(names: NameIndex, text: string, base: number, endsSentence: boolean): Attribution | null {
  const lead = /^\s*,?\s*/.exec(text)?.[0].length ?? 0;
  const t = text.slice(lead, lead + WINDOW);
  if (t === '') return null;
  if (endsSentence && /^\p{Lu}/u.test(t)) return null;
  const stop = sentenceEnds(t)[0] ?? t.length;
  const clause = t.slice(0, stop);
  const at = base + lead;

  const mark = /^(?:[-–—]|:(?!\S))\s*/.exec(clause);
  if (mark) {
    const named = parseNamedAfter(names, clause.slice(mark[0].length), at + mark[0].length);
    // After a colon only a person will do: "'…': Former Royal Marine Derek Ashworth, 71, led the march".
    if (!named || (mark[0].startsWith(':') && named.ref.kind !== 'person')) return null;
    return { ref: named.ref, end: lead + stop, bare: named.bare, tail: '' };
  }
  const according = /^according to\s+/i.exec(clause);
  if (according) {
    const named = parseNamedAfter(names, clause.slice(according[0].length), at + according[0].length);
    return named ? { ref: named.ref, end: lead + stop, bare: false, tail: '' } : null;
  }
  const verb = VERB_AT_START.exec(clause);
  if (verb) {
    const named = parseNamedAfter(names, clause.slice(verb[0].length), at + verb[0].length);
    return named ? { ref: named.ref, end: lead + stop, bare: named.bare, tail: '' } : null;
  }
  // Subject first: "he said", "Ms Sepp told reporters", "the company's managing director, Fiona Blaine, said in a statement".
  for (const v of verbsIn(clause).slice(0, 2)) {
    const subject = clause.slice(0, v.at);
    if (subject.trim() === '' || words(subject).length > 16 || /[:"“”„]/.test(subject)) break;
    // The speaker follows the quote at once: in `"…" while cables are cut, the government said` the words are the government's, not a quote of theirs.
    if (!classifyPhrase(names, subject.split(',')[0] ?? '')) break;
    const ref = parseSubject(names, subject, at);
    if (!ref) break;
    const tailEnd = clause.slice(v.end).search(TAIL_END);
    const end = tailEnd === -1 ? clause.length : v.end + tailEnd;
    const tail = clause.slice(v.end, end).trim();
    return { ref, end: lead + end, bare: !subject.includes(',') && tail === '' && words(subject).length <= 4, tail };
  }
  return null;
}

/**
 * The lead-in before a quote: `before` is the quote's sentence up to its opening mark (quoted
 * words blanked), `base` its offset in the paragraph. A colon lets a few words follow the verb
 * ("told reporters at the base:"), a comma fewer, and no mark at all only the verb itself
 * (`Ridley said "…"`): "said the deal was "a good day"" quotes a phrase, not a speaker's words.
 */
export function attributionBefore(names: NameIndex, before: string, base: number): Attribution | null {
  let start = Math.max(0, before.length - WINDOW);
  if (start > 0) start += Math.max(0, before.slice(start).search(/\s/));
  const t = before.slice(start).trimEnd();
  const at = base + start;
  const last = t.slice(-1);
  const colon = last === ':';
  const comma = last === ',';
  const core = colon || comma ? t.slice(0, -1) : t;
  if (core.trim() === '') return null;

  if (comma) {
    const according = /(?:^|[\s,])according to\s+(.+)$/i.exec(core);
    if (according?.[1]) {
      const from = core.length - according[1].length;
      const named = parseNamedAfter(names, according[1], at + from);
      if (named) return { ref: named.ref, end: before.length, bare: false, tail: '' };
    }
  }
  const maxTail = colon ? 7 : comma ? 3 : 0;
  const verbs = verbsIn(core);
  const v = verbs[verbs.length - 1];
  if (v) {
    const tail = core.slice(v.end).trim();
    const tailWords = tail === '' ? 0 : words(tail).length;
    const adverb = /^(?:simply|only|just|quietly|firmly|softly|bluntly|flatly)$/i.test(tail);
    if ((tailWords <= maxTail || adverb) && !/[.;!?"“”„]/.test(tail)) {
      const subjectText = core.slice(0, v.at);
      let ref = parseSubject(names, subjectText, at);
      // "Mr Smith arrived and told reporters:": the subject of the clause the verb continues.
      if (!ref && /\s(?:and|then)\s+$/.test(subjectText)) ref = clauseSubject(names, subjectText, at);
      if (ref) return { ref, end: before.length, bare: !subjectText.includes(',') && tail === '', tail };
    }
  }
  // "…, adding:" hands the quote to the sentence's subject.
  const participle = PARTICIPLE_AT_END.exec(core);
  if (participle && (colon || comma)) {
    const ref = clauseSubject(names, core.slice(0, participle.index), at);
    if (ref && ref.kind !== 'several') return { ref, end: before.length, bare: false, tail: participle[1]?.trim() ?? '' };
  }
  // A caption: "JOHN SMITH: '…'" names the speaker and nothing else.
  if (colon && !/[.!?]/.test(core)) {
    const label = core.lastIndexOf(':') + 1;
    const ref = classifyPhrase(names, core.slice(label), at + label);
    if (ref?.kind === 'person' && words(core.slice(label)).length <= 8) return { ref, end: before.length, bare: false, tail: '' };
  }
  return null;
}
