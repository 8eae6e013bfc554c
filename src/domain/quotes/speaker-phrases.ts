/**
 * Who a phrase names as a speaker: a person (with the words that describe them: "Tory former
 * defence minister", an apposition such as "spokesman for the task force"), a role or
 * organisation ("a ministry spokesperson", "the Marines"), a pronoun, or several people. Also
 * the subject of a clause ("In mitigation, his barrister, Clare Whitlow, said" -> Clare Whitlow).
 * It reads phrases, never a whole article: attribution and pronoun resolution decide which
 * phrase to ask about.
 */
import {
  AUX,
  DOCUMENT_NOUNS,
  NON_SPEAKERS,
  NOT_NAMES,
  ORG_NOUNS,
  ROLE_NOUNS,
  RUN_AT_START,
  RUN_BODY,
  VERB,
  bareWord,
  isDescriptorWord,
  isHonorific,
  isPossessive,
  isPronoun,
  runsIn,
  words,
} from './attribution-lexicon.js';
import { personIn, wordOffset, type NameIndex, type Person } from './people.js';

/** A speaker as the text refers to them. `at` is the reference's offset in its paragraph. */
export type SpeakerRef =
  | { kind: 'person'; person: Person; at: number; description: string | null }
  | { kind: 'role'; role: Role; at: number }
  | { kind: 'pronoun'; pronoun: 'he' | 'she' | 'they' | 'it'; at: number }
  | { kind: 'several'; at: number };

/** A role or organisation as a speaker. */
export interface Role {
  /** As it should be shown: "a ministry spokesperson", "Defence Secretary" (a leading "the" dropped). */
  text: string;
  /** The words that identify it, lower case, without articles: ["defence", "secretary"]. */
  key: string[];
  /** The noun the phrase is about: "spokesperson", "secretary". */
  head: string;
  /** "the …" or "his …": someone already known, so a named holder may be found. */
  definite: boolean;
  /** An organisation or a group ("the Marines", "police"): never one person. */
  group: boolean;
  /** A document ("the statement"): its words are those of whoever issued it. */
  document: boolean;
}

const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'one',
  'another',
  'two',
  'three',
  'four',
  'several',
  'some',
  'many',
  'his',
  'her',
  'its',
  'their',
  'our',
  'this',
  'that',
]);
const INDEFINITE = new Set(['a', 'an', 'one', 'another', 'two', 'three', 'four', 'several', 'some', 'many']);
const PREPOSITIONS = new Set([
  'for',
  'of',
  'to',
  'by',
  'about',
  'with',
  'from',
  'at',
  'against',
  'toward',
  'towards',
  'like',
  'unlike',
  'than',
  'near',
  'alongside',
  'including',
  'between',
  'among',
  'amongst',
  'behind',
  'beside',
  'besides',
  'via',
  'per',
  'versus',
  'vs',
  'regarding',
  'concerning',
  'behalf',
]);
/** Words that end the head of a role phrase: "a spokesman for the garrison" is about a spokesman. */
const HEAD_ENDS = new Set([
  'of',
  'for',
  'at',
  'to',
  'with',
  'in',
  'on',
  'from',
  'who',
  'whose',
  'which',
  'that',
  'acting',
  'speaking',
  'based',
]);
/** What may follow a name inside an attribution without being part of it: "said Mr Smith on Tuesday". */
const PERSON_TAIL =
  /^(?:on|in|at|last|yesterday|today|tonight|this|after|before|during|when|while|outside|from|as|by|earlier|later|following|speaking|who|whose|which|\()\b|^\(/i;
/** Adverbials cut from the end of a role phrase: "the Marines in a statement", "a spokesman on Tuesday". */
const ROLE_TAIL =
  /\s+(?:in\s+(?:a|an|his|her|their|its)\s|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the\s)|last\s|yesterday|today|tonight|this\s(?:morning|afternoon|evening|week)|earlier|later|after\s|before\s|during\s|when\s|while\s|outside\s|speaking\s|as\s)/i;

/** Words that open a sentence without being its subject: "Later he said", "But Mr Obama ...". */
const CONNECTIVE =
  /^(?:and|but|so|yet|then|later|afterwards|meanwhile|however|also|still|now|earlier|yesterday|today|tonight|separately|instead|indeed|moreover|furthermore|nevertheless|nonetheless|finally|again|(?:(?:on|last|next|this|earlier|later)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|night|morning|afternoon|evening|weekend))\b\s*,?\s*/i;
/** Words that open an introductory phrase, which runs to the first comma: "After meeting Mr Obama, he said". */
const INTRO =
  /^(?:after|before|asked|speaking|during|when|whenever|while|whilst|following|despite|although|though|since|as|if|once|until|till|upon|on|in|at|under|with|without|having|given|according|unlike|like|amid|amidst|for|from|by|over|through|throughout|within|because|pressed|questioned|writing|addressing|responding|referring|commenting|visiting|meeting|returning|arriving|flanked|backed|accompanied|interviewed|told|outside|inside|defending|prosecuting|sentencing|recording|describing|opening|closing|among|amongst|not)\b/i;
/** Any participle followed by a lower-case word may open one too ("Reflecting on X, ..."), unless the word is a known surname. */
const PARTICIPLE = new RegExp(String.raw`^(\p{L}\p{Ll}{2,}(?:ing|ed))(?:\s+(?!(?:${VERB}|has|had|have)\b)\p{Ll}|\s*$)`, 'u');
/** After a subject, another person joined by "and"/"or" makes the subject plural: no one speaker. */
const COORDINATED = new RegExp(
  String.raw`^(?:\s*,\s*${RUN_BODY}){0,5}\s*,?\s*(?:and|or|nor|&)\s+(?:${RUN_BODY}|(?:the|a|an|his|her|their)\b)`,
  'u',
);
/** "has", "then", "angrily" between a subject and its verb: "Mr Obama then said". */
const TRAILING_AUX = new RegExp(String.raw`(?:^|\s)${AUX}*$`, 'u');

/** True for a comma-separated piece that introduces a sentence rather than naming its subject. */
export function isIntro(names: NameIndex, segment: string): boolean {
  const s = segment.trim();
  if (CONNECTIVE.exec(s)?.[0] === s) return true;
  if (INTRO.test(s)) return true;
  const participle = PARTICIPLE.exec(s)?.[1];
  return participle !== undefined && !names.surnames.has(participle);
}

/** The words of `text` with their offsets. */
function wordsAt(text: string): Array<{ word: string; at: number }> {
  const out: Array<{ word: string; at: number }> = [];
  for (const m of text.matchAll(/\S+/g)) out.push({ word: m[0], at: m.index ?? 0 });
  return out;
}

/**
 * One phrase with no commas -> the speaker it names, or null when it names none ("Britain",
 * "A card on one wreath"). A person must end the phrase (allowing "on Tuesday" and the like);
 * words in front are their description, unless a preposition makes the person an object: in
 * "a spokesman for Mr Smith" the speaker is the spokesman.
 */
export function classifyPhrase(names: NameIndex, phrase: string, base = 0): SpeakerRef | null {
  let offset = 0;
  let text = phrase;
  const lead = /^\s*(?:(?:and|but|then|also|later|now|so)\s+)?/i.exec(text)?.[0] ?? '';
  offset += lead.length;
  text = text.slice(lead.length).replace(/[\s.;:!?]+$/, '');
  if (text === '') return null;
  const pronoun = /^(he|she|they|it)$/i.exec(text)?.[1];
  if (pronoun) return { kind: 'pronoun', pronoun: pronoun.toLowerCase() as 'he' | 'she' | 'they' | 'it', at: base + offset };
  if (words(text).length > 14) return null;

  let best: { start: number; end: number; person: Person; kept: number } | null = null;
  for (const m of runsIn(text)) {
    const person = personIn(names, m.text);
    if (!person) continue;
    const rest = text.slice(m.at + m.text.length).trim();
    if (rest !== '' && !PERSON_TAIL.test(rest)) continue;
    best = { start: m.at, end: m.at + m.text.length, person, kept: m.at + wordOffset(m.text, person.dropped) };
  }
  if (best) {
    // "… Louise Haigh-Barton and Veterans Minister Simon Aske": a joint subject, whatever title follows the "and".
    const beforeRun = words(text.slice(0, best.start));
    const joined = bareWord(beforeRun[beforeRun.length - 1] ?? '');
    if (joined === 'and' || joined === 'or' || joined === 'nor' || joined === '&')
      return { kind: 'several', at: base + offset + best.kept };
    const before = wordsAt(text.slice(0, best.kept));
    if (!isObject(before)) {
      return { kind: 'person', person: best.person, at: base + offset + best.kept, description: descriptionBefore(text, best) };
    }
  }
  const tail = text.search(ROLE_TAIL);
  const role = roleOf(tail === -1 ? text : text.slice(0, tail));
  return role ? { kind: 'role', role, at: base + offset } : null;
}

/**
 * True when the words before a name end in a preposition governed by a lower-case word: the
 * name is then an object ("a spokesman for Mr Smith", "an aide to"). After a capitalised word
 * the preposition belongs to a title ("Minister for Defence Procurement Alan Prentiss").
 */
function isObject(before: Array<{ word: string }>): boolean {
  for (let k = before.length - 1; k >= 0; k--) {
    const w = bareWord(before[k]?.word ?? '');
    if (!PREPOSITIONS.has(w)) continue;
    const governor = before[k - 1]?.word ?? '';
    // "former head of the Army General Sir Nick Parker": an office "of" something is a title, not an object.
    if ((w === 'of' || w === 'for') && TITLE_GOVERNORS.has(bareWord(governor))) return false;
    return governor === '' || /^\p{Ll}/u.test(governor) || DETERMINERS.has(governor.toLowerCase());
  }
  return false;
}

/** Offices named "of" or "for" something: "head of the Army", "Minister for Defence Procurement". */
const TITLE_GOVERNORS = new Set([
  'head',
  'chief',
  'director',
  'leader',
  'chairman',
  'chairwoman',
  'chair',
  'commander',
  'commandant',
  'president',
  'secretary',
  'minister',
  'governor',
  'mayor',
  'principal',
  'captain',
  'colonel',
  'deputy',
]);

/** The words in front of a name that describe the person ("Defence Secretary", "Tory former defence minister"), or null. */
function descriptionBefore(text: string, best: { start: number; kept: number; person: Person }): string | null {
  const ws = words(text.slice(0, best.kept));
  // A kept title that is an office or rank ("Secretary", "Commodore") is part of the description; "Mr" and "Sir" are not.
  if (best.person.title && !isHonorific(best.person.title)) ws.push(best.person.title);
  while (ws.length > 0 && isHonorific(ws[ws.length - 1] ?? '')) ws.pop();
  while (ws.length > 0 && DETERMINERS.has((ws[0] ?? '').toLowerCase())) ws.shift();
  if (ws.length === 0 || ws.length > 8) return null;
  if (!ws.every((w) => isDescriptorWord(w) || /^\p{Lu}/u.test(w) || /^(?:and|of|for|the|&)$/.test(w) || /^\d/.test(w))) return null;
  return ws.join(' ').replace(/[,;:]$/, '');
}

/**
 * A phrase that names a role or organisation, or null. Accepted: a determiner or possessive in
 * front ("a ministry spokesperson", "the Marines", "his barrister", "SSAFA's chief executive"),
 * a capitalised name that is not a person ("Network Rail", "Downing Street"), or a bare plural
 * role ("police", "officials"). Things that carry words are not speakers ("one banner").
 */
function roleOf(phrase: string): Role | null {
  const ws = words(phrase.trim().replace(/[.;:!?]+$/, ''));
  if (ws.length === 0 || ws.length > 12) return null;
  const lower = ws.map(bareWord);
  const first = lower[0] ?? '';
  const possessiveAt = ws.slice(0, 3).findIndex((w) => isPossessive(w));
  const determined = DETERMINERS.has(first) || possessiveAt !== -1;
  let headAt = lower.length - 1;
  // "one of the firefighters" is about the firefighters.
  const partitive = DETERMINERS.has(first) && lower[1] === 'of' ? (lower[2] === 'the' ? 3 : 2) : 0;
  for (let k = Math.max(1, possessiveAt + 1, partitive + 1); k < lower.length; k++) {
    if (HEAD_ENDS.has(lower[k] ?? '')) {
      headAt = k - 1;
      break;
    }
  }
  // A word after the head that is not part of the phrase ("The Russian President then"): the head is the last role noun, and the phrase ends there.
  let cut = ws.length;
  if (!ROLE_NOUNS.has(lower[headAt] ?? '') && !ORG_NOUNS.has(lower[headAt] ?? '') && headAt === lower.length - 1) {
    for (let k = headAt - 1; k > possessiveAt && k >= 0; k--) {
      if (ROLE_NOUNS.has(lower[k] ?? '') || ORG_NOUNS.has(lower[k] ?? '')) {
        headAt = k;
        cut = k + 1;
        break;
      }
    }
  }
  const head = lower[headAt] ?? '';
  if (NON_SPEAKERS.has(head) || head === '' || (DETERMINERS.has(head) && headAt === 0)) return null;
  const roleHead = ROLE_NOUNS.has(head) || ORG_NOUNS.has(head);
  const capitalised =
    /^\p{Lu}/u.test(ws[0] ?? '') && ws.every((w, k) => /^[\p{Lu}\p{N}]/u.test(w) || (k > 0 && /^(?:of|and|the|for|&|on|in)$/.test(w)));
  let group = ORG_NOUNS.has(head) || (ROLE_NOUNS.has(head) && /s$/.test(head) && !/(?:ss|us)$/.test(head));
  if (determined) {
    // Beyond role and organisation nouns, only a name ("the BBC"), an age ("the 42-year-old") or a
    // document: "the soldiers were told" has no speaker.
    const headWord = ws[headAt] ?? '';
    if (!roleHead && !DOCUMENT_NOUNS.has(head) && !/^\p{Lu}/u.test(headWord) && !/^\d+-year-old$/.test(head)) return null;
    if (!roleHead && ws.length > 6) return null;
  } else if (capitalised) {
    // An organisation by name: "Network Rail", "Downing Street", and one word in a speaker's place ("Nato said").
    if (NOT_NAMES.has(ws[0] ?? '') || isPronoun(first)) return null;
    group = true;
  } else if (!(roleHead && group && ws.length <= 4 && ws.every(isDescriptorWord))) return null; // "police", "senior officials"
  const definite = first === 'the' || (possessiveAt !== -1 && !INDEFINITE.has(first));
  const shown = ws.slice(first === 'the' ? 1 : 0, cut);
  if (shown.length > 0 && DETERMINERS.has((shown[0] ?? '').toLowerCase())) shown[0] = (shown[0] ?? '').toLowerCase();
  return {
    text: shown.join(' '),
    key: lower.slice(0, cut).filter((w) => w !== 'the' && w !== 'a' && w !== 'an'),
    head,
    definite,
    group,
    document: DOCUMENT_NOUNS.has(head) && first === 'the',
  };
}

/** A comma-separated piece of a clause, with its offset. */
interface Segment {
  text: string;
  at: number;
}

function segmentsOf(text: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const part of text.split(',')) {
    out.push({ text: part, at });
    at += part.length + 1;
  }
  return out;
}

/**
 * The subject of "… said": the words from the start of the sentence to the verb. Handles
 * introductions ("In a statement, the ministry"), appositions on either side of a name
 * ("his barrister, Clare Whitlow," / "Lord Hadley, who led the armed forces,"), and labels
 * ("ANGER: Veteran Joan Merriman, 68,").
 */
export function parseSubject(names: NameIndex, text: string, base = 0): SpeakerRef | null {
  const labelEnd = text.lastIndexOf(':') + 1;
  let body = text.slice(labelEnd);
  for (let guard = 0; guard < 3; guard++) {
    const aux = TRAILING_AUX.exec(body);
    if (!aux || aux[0].trim() === '') break;
    body = body.slice(0, aux.index);
  }
  body = body.trimEnd();
  if (body.trim() === '' || /["“”„]/.test(body.slice(-3))) return null;
  // "the soldiers were told": told, not telling.
  if (/(?:^|\s)(?:was|were|is|are|been|being|be|get|got)$/i.test(body)) return null;
  const apposition = body.endsWith(',');
  const segs = segmentsOf(apposition ? body.slice(0, -1) : body).map((s) => ({ text: s.text, at: base + labelEnd + s.at }));
  const n = segs.length;
  if (!apposition) {
    const last = segs[n - 1];
    // "… spoken to Mrs Jones, who told him:": the person the relative clause is about, object or not.
    const prev = segs[n - 2];
    if (last && prev && /^\s*who(?:\s+\p{Ll}+ly|\s+then|\s+later|\s+also)?\s*$/u.test(last.text)) {
      const runs = runsIn(prev.text);
      const lastRun = runs[runs.length - 1];
      const person = lastRun && prev.text.slice(lastRun.at + lastRun.text.length).trim() === '' ? personIn(names, lastRun.text) : null;
      return person
        ? { kind: 'person', person, at: prev.at + lastRun!.at + wordOffset(lastRun!.text, person.dropped), description: null }
        : null;
    }
    return last ? classifyPhrase(names, last.text, last.at) : null;
  }
  // Introductions come first ("In mitigation,"); a participle after a name is an apposition ("Sam Leckie, 19, making his first jump,").
  let intros = 0;
  while (intros < n - 1 && isIntro(names, segs[intros]?.text ?? '')) intros++;
  for (let j = n - 1; j >= Math.max(intros, n - 4); j--) {
    const seg = segs[j];
    if (!seg) break;
    const c = classifyPhrase(names, seg.text, seg.at);
    if (!c || c.kind === 'role') continue;
    if (c.kind !== 'person') return c;
    return { ...c, description: appositionDescription(names, segs, j) ?? c.description };
  }
  // No one named: the first piece after any introduction that names a role ("A retired general, who asked not to be named,").
  for (const seg of segs) {
    if (isIntro(names, seg.text)) continue;
    const c = classifyPhrase(names, seg.text, seg.at);
    return c && c.kind === 'role' ? c : null;
  }
  return null;
}

/** A role written next to a name, before ("the Defence Secretary, John Healey,") or after ("Gail Rennie, Unite's national officer"). */
function appositionDescription(names: NameIndex, segs: Segment[], j: number): string | null {
  const before = segs[j - 1];
  if (before && !isIntro(names, before.text)) {
    const role = appositionRole(before.text);
    if (role && !role.group) return role.text;
  }
  const after = segs[j + 1];
  if (after) {
    const role = appositionRole(after.text);
    if (role && !role.document) return role.text;
  }
  return null;
}

/**
 * A role beside a name, where no article is needed: "spokesman for the task force", "counsel
 * to the inquiry". After "and", the role of the second person: "… Margaret Alden and the shadow
 * defence secretary" -> "the shadow defence secretary".
 */
export function appositionRole(phrase: string): Role | null {
  const role = roleOf(phrase);
  if (role) return role;
  const ws = words(phrase.trim().replace(/[.;:!?]+$/, ''));
  const lower = ws.map(bareWord);
  const opens = ws[0] ?? '';
  if (
    ws.length <= 10 &&
    /^\p{Ll}/u.test(opens) &&
    isDescriptorWord(opens) &&
    (ROLE_NOUNS.has(lower[0] ?? '') || ROLE_NOUNS.has(lower[1] ?? ''))
  ) {
    const head = ROLE_NOUNS.has(lower[1] ?? '') && !HEAD_ENDS.has(lower[1] ?? '') ? (lower[1] ?? '') : (lower[0] ?? '');
    return { text: ws.join(' '), key: lower, head, definite: false, group: false, document: false };
  }
  // "X and the shadow defence secretary": the second of two people joined by "and".
  const det = lower.lastIndexOf('the');
  if (det < 1 || lower[det - 1] !== 'and') return null;
  const joined = roleOf(ws.slice(det).join(' '));
  return joined && ROLE_NOUNS.has(joined.head) ? joined : null;
}

/**
 * The speaker named after a verb or a dash: "said Mr Smith", "said the Army captain, Sergeant
 * Kieran Doyle, who scored two tries", "- Brigadier Tom Hawksworth, commander of 16 Air Assault
 * Brigade". `bare` when nothing but the name (or role) follows.
 */
export function parseNamedAfter(names: NameIndex, text: string, base = 0): { ref: SpeakerRef; bare: boolean } | null {
  const segs = segmentsOf(text);
  const head = segs[0];
  if (!head) return null;
  const c = classifyPhrase(names, head.text, base + head.at);
  if (!c) return null;
  const second = segs[1];
  const bare = segs.length === 1 || (segs.length === 2 && (second?.text.trim() ?? '') === '');
  if (c.kind === 'role' && second) {
    const named = classifyPhrase(names, second.text, base + second.at);
    if (named?.kind === 'person') return { ref: { ...named, description: c.role.group ? named.description : c.role.text }, bare: false };
  }
  if (c.kind === 'person' && second && c.description === null) {
    const role = appositionRole(second.text);
    if (role && !role.document) return { ref: { ...c, description: role.text }, bare: false };
  }
  // Bare: the speaker alone, perhaps with a title or description in front ("said Foreign Office spokesman Mark Lee"), nothing after.
  const plain =
    words(head.text).length <= 8 && !/\b(?:on|in|at|last|yesterday|today|tonight|after|before|outside|from|by|who)\b/i.test(head.text);
  return { ref: c, bare: bare && plain };
}

/**
 * The subject at the start of a clause that has no verb of saying: "The armed forces minister,
 * Luke Brannigan, rejected the claim" -> Luke Brannigan; "Families lined the harbour" -> a group.
 * Introductions and connectives are skipped.
 */
export function clauseSubject(names: NameIndex, text: string, base = 0): SpeakerRef | null {
  let rest = text;
  let at = 0;
  const skip = (n: number) => {
    at += n;
    rest = rest.slice(n);
  };
  skip(/^[\s"“”„'‘’()[\],;:.!?\-–—]*/.exec(rest)?.[0].length ?? 0);
  for (let guard = 0; guard < 6; guard++) {
    const connective = CONNECTIVE.exec(rest);
    if (connective && connective[0] !== '') {
      skip(connective[0].length);
      continue;
    }
    const participle = PARTICIPLE.exec(rest)?.[1];
    if (INTRO.test(rest) || (participle && !names.surnames.has(participle))) {
      const comma = rest.indexOf(',');
      if (comma === -1) return null;
      skip(comma + 1);
      skip(/^\s*/.exec(rest)?.[0].length ?? 0);
      continue;
    }
    break;
  }
  const pronoun = /^(he|she|they|it)\b/i.exec(rest)?.[1];
  if (pronoun) return { kind: 'pronoun', pronoun: pronoun.toLowerCase() as 'he' | 'she' | 'they' | 'it', at: base + at };
  const run = RUN_AT_START.exec(rest);
  if (run) {
    const person = personIn(names, run[0]);
    if (person) {
      const after = rest.slice(run[0].length, run[0].length + 300);
      if (COORDINATED.test(after)) return { kind: 'several', at: base + at };
      return { kind: 'person', person, at: base + at + wordOffset(run[0], person.dropped), description: null };
    }
  }
  // Descriptions, then a name: "Former soldier Mark Ellery, 45, …".
  const chunk = leadingNounPhrase(rest);
  if (chunk === '') return null;
  const c = classifyPhrase(names, chunk, base + at);
  if (c?.kind === 'role') {
    // "The armed forces minister, Luke Brannigan, rejected …": the role and its holder's name.
    const apposed = /^\s*,\s*([^,]+),/.exec(rest.slice(chunk.length));
    if (apposed?.[1]) {
      const named = classifyPhrase(names, apposed[1], base + at + chunk.length + apposed[0].indexOf(apposed[1]));
      if (named?.kind === 'person') return { ...named, description: c.role.group ? null : c.role.text };
    }
  }
  return c;
}

/**
 * The noun phrase opening a clause, as far as words that can describe someone go: a
 * determiner, descriptions, capitalised words, numbers and "of"/"for"/"from" before a
 * capitalised word; it stops at the first other word ("The coroner added …" -> "The coroner").
 */
function leadingNounPhrase(text: string): string {
  const ws = wordsAt(text);
  let end = 0;
  for (let k = 0; k < ws.length && k < 10; k++) {
    const w = ws[k]?.word ?? '';
    const bare = w.replace(/[,;:.!?]+$/, '');
    const next = ws[k + 1]?.word ?? '';
    const ok =
      (k === 0 && DETERMINERS.has(bare.toLowerCase())) ||
      isDescriptorWord(bare) ||
      /^[\p{Lu}\d]/u.test(bare) ||
      (/^(?:of|for|from|at|and|&)$/.test(bare) && /^(?:\p{Lu}|the\b)/u.test(next));
    if (!ok) break;
    end = (ws[k]?.at ?? 0) + bare.length;
    if (bare !== w) break;
  }
  return text.slice(0, end);
}

/** Verbs of saying in `text`, in order, with their offsets. */
export function verbsIn(text: string): Array<{ at: number; end: number }> {
  const out: Array<{ at: number; end: number }> = [];
  // exec, not matchAll, for the reason given at runsIn.
  VERB_GLOBAL.lastIndex = 0;
  for (let m = VERB_GLOBAL.exec(text); m; m = VERB_GLOBAL.exec(text))
    out.push({ at: m.index + (m[1]?.length ?? 0), end: m.index + m[0].length });
  VERB_GLOBAL.lastIndex = 0;
  return out;
}

const VERB_GLOBAL = new RegExp(String.raw`(^|[^\p{L}'’-])${VERB}(?![\p{L}'’-])`, 'giu');
