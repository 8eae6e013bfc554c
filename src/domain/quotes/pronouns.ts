/**
 * "he", "she", "they", "it" -> who is meant: the subject of the nearest earlier sentence whose
 * subject fits. A person for he and she (checked against the gender an honorific or a common
 * given name gives); an organisation or group for they and it. Kept apart from attribution
 * because it is the one step that reads beyond the quote's own sentence (earlier sentences,
 * paragraphs and the standfirst, never the headline), and the one where a guess would credit
 * words to the wrong person, so it prefers no name to a doubtful one: a role nobody is named
 * for ("The Russian President then left. He said") or several people end the search.
 */
import { runsIn } from './attribution-lexicon.js';
import { attributionAfter } from './attributions.js';
import type { ArticleContext } from './article-context.js';
import { displayName, genderOf, personIn } from './people.js';
import { resolveRole } from './role-holders.js';
import { sentencesBackwards } from './sentences.js';
import { clauseSubject, parseSubject, verbsIn, type SpeakerRef } from './speaker-phrases.js';

/** How many paragraphs back a pronoun may reach before trusting the standfirst. */
const PRONOUN_LOOKBACK = 3;

/** Who a pronoun stands for: a person (with a description when the article gives one), or a group. */
export type Antecedent = { speaker: string; description: string | null } | { speaker: null; description: string };

/** A clause ending in "and", "but", ";" is a sentence of its own for this purpose: "Obama praised Putin, and he said". */
const CLAUSE_JOIN = /(?:,\s*(?:and|but|so|then|before|after|as|while)|;)\s*$/i;

/** The subject of one sentence (quoted words blanked), as far as a pronoun cares. */
function sentenceSubject(ctx: ArticleContext, sentence: string): SpeakerRef | null {
  const start = /^[\s(]*/.exec(sentence)?.[0].length ?? 0;
  // `"…," said Mr X.` with the quote blanked: the speaker is who the sentence is about.
  const quoted = /^["“”„'‘’]([^"“”„'‘’]*)["“”„'‘’]/.exec(sentence.slice(start));
  if (quoted) {
    const after = sentence.slice(start + quoted[0].length);
    const att = attributionAfter(ctx.names, after, 0, /\.\s*$/.test(quoted[1] ?? ''));
    return att?.ref ?? null;
  }
  const text = sentence.slice(start);
  for (const v of verbsIn(text).slice(0, 3)) {
    const ref = parseSubject(ctx.names, text.slice(0, v.at));
    if (ref) return ref;
  }
  return clauseSubject(ctx.names, text);
}

/** The only person of the wanted gender named in a sentence; 'many' when there are several. */
function onlyPersonOfGender(ctx: ArticleContext, sentence: string, gender: 'm' | 'f'): string | 'many' | null {
  let found: string | null = null;
  for (const m of runsIn(sentence)) {
    const person = personIn(ctx.names, m.text);
    if (!person || genderOf(ctx.names, person) !== gender) continue;
    const name = displayName(ctx.names, person);
    if (found !== null && found !== name) return 'many';
    found = name;
  }
  return found;
}

/**
 * Sentences a pronoun may refer back to: its own (only a clause before it that ends in "and"
 * and the like; an introduction such as "Describing a visit by Alar Kivi," is not a subject),
 * earlier ones, earlier paragraphs (running text only, not headings or captions), then the
 * standfirst.
 */
function* antecedentSentences(ctx: ArticleContext, paragraph: number, at: number): Generator<string | null> {
  let first = true;
  for (const sentence of sentencesBackwards(ctx.masked[paragraph] ?? '', at)) {
    if (first) {
      first = false;
      const join = sentence === null ? null : CLAUSE_JOIN.exec(sentence);
      if (sentence !== null && join) yield sentence.slice(0, join.index);
      continue;
    }
    yield sentence;
  }
  let seen = 0;
  for (let i = paragraph - 1; i >= 0 && seen < PRONOUN_LOOKBACK; i--) {
    if (ctx.body[i]?.kind !== 'text') continue;
    seen++;
    const p = ctx.masked[i] ?? '';
    yield* sentencesBackwards(p, p.length);
  }
  yield* sentencesBackwards(ctx.maskedStandfirst, ctx.maskedStandfirst.length);
}

/**
 * A pronoun at offset `at` of body paragraph `paragraph` -> who it stands for, or null. For he
 * and she: the nearest sentence whose subject is a person; if that person has the other gender,
 * the one person of the right gender in the same sentence ("Mr Trump greeted Mrs May. She
 * said"). A role with a named holder is that person; without one, the search ends.
 */
export function resolvePronoun(
  ctx: ArticleContext,
  pronoun: 'he' | 'she' | 'they' | 'it',
  paragraph: number,
  at: number,
): Antecedent | null {
  const group = pronoun === 'they' || pronoun === 'it';
  const wanted = pronoun === 'she' ? 'f' : 'm';
  for (const sentence of antecedentSentences(ctx, paragraph, at)) {
    if (sentence === null) return null;
    const subject = sentenceSubject(ctx, sentence);
    if (!subject || subject.kind === 'pronoun') continue;
    if (subject.kind === 'several') return null;
    if (subject.kind === 'role') {
      const { role } = subject;
      if (group) {
        if (role.group) return { speaker: null, description: role.text };
        continue;
      }
      if (role.group || role.document) continue;
      const holder = resolveRole(ctx.holders, role, paragraph);
      return holder ? { speaker: holder, description: role.text } : null;
    }
    if (group) continue;
    const { person } = subject;
    const gender = genderOf(ctx.names, person);
    if (gender === null || gender === wanted) return { speaker: displayName(ctx.names, person), description: subject.description };
    const other = onlyPersonOfGender(ctx, sentence, wanted);
    if (other === 'many') return null;
    if (other !== null) return { speaker: other, description: null };
  }
  return null;
}
