/**
 * "he"/"she" -> the person meant: the subject of the nearest earlier sentence whose subject is
 * a person, checked against the gender an honorific gives. Kept apart from quote matching
 * because it is the one step that reads beyond the quote's own sentence (earlier sentences,
 * paragraphs and the header), and the one where a guess would credit words to the wrong person,
 * so it prefers no name to a doubtful one.
 */
import {
  ABBREVIATIONS,
  ROLE_WORDS,
  RUN,
  RUN_AT_START,
  RUN_BODY,
  TITLES_LOWER,
  VERB,
  VERB_THEN_NAME,
  isPronoun,
  words,
} from './attribution-lexicon.js';
import { displayName, personIn, type PageContext, type Person } from './people.js';
import { maskQuotes } from './quote-spans.js';

/** How many paragraphs back a pronoun may reach for its antecedent before trusting the header. */
const PRONOUN_LOOKBACK = 3;
/** How much text before the pronoun (and of each earlier paragraph) is read; bounds work on huge paragraphs. */
const ANTECEDENT_WINDOW = 1000;

/** Words that open a sentence without being its subject: "Later he said", "But Mr Obama ...". */
const CONNECTIVE =
  /^(?:and|but|so|yet|then|later|afterwards|meanwhile|however|also|still|now|earlier|yesterday|today|tonight|separately|instead|indeed|moreover|furthermore|nevertheless|nonetheless|finally|again|(?:(?:on|last|next|this|earlier|later)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|night|morning|afternoon|evening|weekend))\b\s*,?\s*/i;
/** Words that open an introductory phrase, which runs to the first comma: "After meeting Mr Obama, he said". */
const INTRO =
  /^(?:after|before|asked|speaking|during|when|whenever|while|whilst|following|despite|although|though|since|as|if|once|until|till|upon|on|in|at|under|with|without|having|given|according|unlike|like|amid|amidst|for|from|by|over|through|throughout|within|because|pressed|questioned|writing|addressing|responding|referring|commenting|visiting|meeting|returning|arriving|flanked|backed|accompanied|interviewed|told)\b/i;
/**
 * Any participle followed by a lower-case word may open one too ("Reflecting on X, ..."), unless
 * the word is a known surname ("Manning said"); "Alfred Smith" and "United States" do not qualify.
 */
const PARTICIPLE = new RegExp(String.raw`^(\p{L}\p{Ll}{2,}(?:ing|ed))\s+(?!(?:${VERB}|has|had|have)\b)\p{Ll}`, 'u');
const STRIP_LEADING = /^[\s"“”„'‘’()[\],;:.!?\-–—]+/;
const PRONOUN_START = /^(he|she)\b/i;
/** After a subject, another person joined by "and"/"or" makes the subject plural: no antecedent. */
const COORDINATED = new RegExp(
  String.raw`^(?:\s*,\s*${RUN_BODY}){0,5}\s*,?\s*(?:and|or|nor|&)\s+(?:${RUN_BODY}|(?:the|a|an|his|her|their)\b)`,
  'u',
);

type Subject = { kind: 'person'; person: Person } | { kind: 'continue' } | { kind: 'stop' };

/**
 * The subject of one sentence, with quoted words already blanked. Introductory phrases and
 * connectives are skipped, so in "Asked about Mr Obama, Mr Putin said little" the subject is
 * Mr Putin. `continue`: no person is the subject (a pronoun, a thing); `stop`: the subject is
 * someone we cannot name (a role, several people, an unclear clause), so looking further back
 * could only find the wrong person.
 */
function sentenceSubject(ctx: PageContext, sentence: string): Subject {
  let rest = sentence.replace(STRIP_LEADING, '');
  // `"…," said Mr X.` with the quote blanked: the speaker is who the sentence is about.
  const inverted = VERB_THEN_NAME.exec(rest);
  if (inverted) {
    const ref = inverted.groups?.['speaker'] ?? '';
    if (isPronoun(ref)) return { kind: 'continue' };
    const person = personIn(ctx, ref);
    return person ? { kind: 'person', person } : { kind: 'stop' };
  }
  for (let guard = 0; guard < 6; guard++) {
    const connective = CONNECTIVE.exec(rest);
    if (connective && connective[0] !== '') {
      rest = rest.slice(connective[0].length);
      continue;
    }
    const participle = PARTICIPLE.exec(rest)?.[1];
    if (INTRO.test(rest) || (participle && !ctx.surnames.has(participle))) {
      const comma = rest.indexOf(',');
      if (comma === -1) return mentionsPerson(ctx, rest) ? { kind: 'stop' } : { kind: 'continue' };
      rest = rest.slice(comma + 1).replace(STRIP_LEADING, '');
      continue;
    }
    break;
  }
  if (rest === '' || PRONOUN_START.test(rest)) return { kind: 'continue' };
  const run = RUN_AT_START.exec(rest);
  if (run) {
    const person = personIn(ctx, run[0]);
    if (person) {
      const after = rest.slice(run[0].length, run[0].length + 300);
      return COORDINATED.test(after) ? { kind: 'stop' } : { kind: 'person', person };
    }
  }
  return namesRole(rest) ? { kind: 'stop' } : { kind: 'continue' };
}

/** True when the first few words of a subject phrase name a role: "The Russian President", "a spokesman for". */
function namesRole(phrase: string): boolean {
  const head = phrase.slice(0, 80).split(/[,;:]/)[0] ?? '';
  return words(head)
    .slice(0, 5)
    .some((w) => {
      const bare = w
        .replace(/['’]s$/, '')
        .replace(/[^\p{L}-]/gu, '')
        .toLowerCase();
      return ROLE_WORDS.has(bare) || TITLES_LOWER.has(bare);
    });
}

function mentionsPerson(ctx: PageContext, text: string): boolean {
  for (const m of text.matchAll(RUN)) if (personIn(ctx, m[0])) return true;
  return false;
}

/** The only person of the wanted gender named in a sentence; 'many' when there are several. */
function onlyPersonOfGender(ctx: PageContext, sentence: string, gender: 'm' | 'f', seenUpTo: number): string | 'many' | null {
  let found: string | null = null;
  for (const m of sentence.matchAll(RUN)) {
    const person = personIn(ctx, m[0]);
    if (!person || person.gender !== gender) continue;
    const name = displayName(ctx, person, seenUpTo);
    if (found !== null && found !== name) return 'many';
    found = name;
  }
  return found;
}

/** Paragraph text with quoted words blanked (same length); index -1 is the headline, -2 the standfirst. */
function maskedParagraph(ctx: PageContext, index: number): string {
  let masked = ctx.masked.get(index);
  if (masked === undefined) {
    const p = index >= 0 ? ctx.body[index] : ctx.header[-index - 1];
    masked = maskQuotes(p ?? '');
    ctx.masked.set(index, masked);
  }
  return masked;
}

/** Offsets just after each sentence-ending mark in `text`; "Mr." and initials do not end sentences. */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(/[.!?]["”’')]*(?=\s+["“„'‘(]?[\p{Lu}\p{N}])/gu)) {
    const at = m.index ?? 0;
    if (text[at] === '.') {
      const word = /(\S+)$/.exec(text.slice(Math.max(0, at - 20), at))?.[1] ?? '';
      if (ABBREVIATIONS.has(word) || /^\p{Lu}$/u.test(word)) continue;
    }
    ends.push(at + m[0].length);
  }
  return ends;
}

/**
 * Sentences of `text` before `end`, nearest first. Only the last ANTECEDENT_WINDOW characters are
 * read; if that cuts a sentence, null is yielded in its place so the caller stops rather than guess.
 */
function* sentencesBackwards(text: string, end: number): Generator<string | null> {
  let start = Math.max(0, end - ANTECEDENT_WINDOW);
  if (start > 0) {
    const space = text.slice(start, end).search(/\s/);
    start = space === -1 ? end : start + space;
  }
  const window = text.slice(start, end);
  const ends = sentenceEnds(window);
  for (let k = ends.length; k >= 0; k--) {
    if (k === 0 && start > 0) {
      yield null;
      return;
    }
    yield window.slice(k === 0 ? 0 : ends[k - 1], k === ends.length ? window.length : ends[k]);
  }
}

/** Sentences a pronoun may refer back to: its own (up to the pronoun), earlier ones, earlier paragraphs, then standfirst and headline. */
function* antecedentSentences(ctx: PageContext, paragraph: number, at: number): Generator<string | null> {
  yield* sentencesBackwards(maskedParagraph(ctx, paragraph), at);
  for (let i = paragraph - 1; i >= 0 && i >= paragraph - PRONOUN_LOOKBACK; i--) {
    const p = maskedParagraph(ctx, i);
    yield* sentencesBackwards(p, p.length);
  }
  for (const index of [-2, -1]) {
    const p = maskedParagraph(ctx, index);
    yield* sentencesBackwards(p, p.length);
  }
}

/**
 * "he"/"she" -> the subject of the nearest sentence, walking back from the pronoun, whose
 * subject is a person: "Mr Putin urged restraint. After meeting Mr Obama, he said" -> Putin.
 * If that subject has the other gender, the one person of the right gender in the same sentence
 * is meant ("Mr Trump greeted Mrs May. She said"). A role or several people as subject ends the
 * search with no name: no quote is better than a wrong speaker.
 */
function resolvePronoun(ctx: PageContext, pronoun: string, paragraph: number, at: number): string | null {
  const wanted = pronoun.toLowerCase() === 'she' ? 'f' : 'm';
  const seen = ctx.bodyEnds[paragraph] ?? ctx.text.length;
  for (const sentence of antecedentSentences(ctx, paragraph, at)) {
    if (sentence === null) return null;
    const subject = sentenceSubject(ctx, sentence);
    if (subject.kind === 'stop') return null;
    if (subject.kind === 'continue') continue;
    const { person } = subject;
    if (person.gender === null || person.gender === wanted) return displayName(ctx, person, seen);
    const other = onlyPersonOfGender(ctx, sentence, wanted, seen);
    if (other === 'many') return null;
    if (other !== null) return other;
  }
  return null;
}

/** Speaker as written -> display name, or null when it is not a person or a pronoun has no antecedent. */
export function resolveSpeaker(ctx: PageContext, ref: string, paragraph: number, at: number): string | null {
  if (isPronoun(ref)) return resolvePronoun(ctx, ref, paragraph, at);
  const person = personIn(ctx, ref);
  if (!person) return null;
  return displayName(ctx, person, ctx.bodyEnds[paragraph] ?? ctx.text.length) || null;
}
