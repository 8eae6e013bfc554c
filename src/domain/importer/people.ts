/**
 * Names and people: whether a capitalised reference names a person ("Mr Putin" does; "Islamic
 * State" and "The Russian President" do not), and the per-page context that remembers who was
 * named and how ("Vladimir Putin" first, "Mr Putin" after), so a speaker is shown by the full
 * name the article used. The context and its caches are built per page, never held by the
 * module, so parsing one page cannot affect the next.
 */
import {
  HONORIFICS,
  HONORIFIC_GENDER,
  NON_PERSON,
  NOT_NAMES,
  PARTICLE_WORD,
  RUN,
  isNameWord,
  isPossessive,
  isTitle,
  words,
} from './attribution-lexicon.js';

/** A person as written, after dropping clause openers and everything before the last title. */
export interface Person {
  /** The title kept in front of the name ("Mr", "Secretary"), or null. */
  title: string | null;
  /** The name words after the title. */
  name: string[];
  surname: string;
  gender: 'm' | 'f' | null;
  /** How many words of the reference were dropped in front ("A spokesman for" is not dropped: it never matches). */
  dropped: number;
}

/**
 * A capitalised reference -> the person it names, or null when it is not (safely) a person:
 * an organisation ("Islamic State"), a role ("The Russian President"), a possessive
 * ("Mr Obama's"), or a lone word that is not a known surname ("Russia").
 */
function personOf(ref: string, surnames: ReadonlySet<string>): Person | null {
  const all = words(ref);
  if (all.length === 0 || all.length > 8) return null;
  let from = 0;
  // "Ukraine's Volodymyr Zelensky" -> "Volodymyr Zelensky"; a possessive at the end is never the person.
  for (let k = all.length - 1; k >= 0; k--) {
    if (isPossessive(all[k] ?? '')) {
      if (k === all.length - 1) return null;
      from = k + 1;
      break;
    }
  }
  // Keep the last title and what follows: "Russian President Vladimir Putin" -> "President Vladimir Putin".
  let t = -1;
  for (let k = all.length - 2; k >= from; k--) {
    if (isTitle(all[k] ?? '')) {
      t = k;
      break;
    }
  }
  if (t >= 0) from = t;
  else while (from < all.length - 1 && NOT_NAMES.has(all[from] ?? '')) from++;

  const ws = all.slice(from);
  const title = t >= 0 ? (ws[0] ?? '').replace(/\.$/, '') : null;
  const name = t >= 0 ? ws.slice(1) : ws;
  const surname = name[name.length - 1] ?? '';
  if (name.length === 0 || !name.every(isNameWord) || isTitle(surname) || PARTICLE_WORD.test(surname)) return null;
  if (NOT_NAMES.has(name[0] ?? '')) return null;

  let ok: boolean;
  if (title !== null && HONORIFICS.has(title)) ok = true;
  else if (name.length === 1) ok = surnames.has(surname);
  else ok = name.length <= 4 && !name.some((w) => NON_PERSON.has(w));
  if (!ok) return null;
  return { title, name, surname, gender: (title && HONORIFIC_GENDER.get(title)) || null, dropped: from };
}

/** Everything the resolver knows about the page, computed once. */
export interface PageContext {
  /** Header lines (headline, standfirst) then body paragraphs, one per line. */
  text: string;
  /** Offset in `text` where body paragraph i ends. */
  bodyEnds: number[];
  header: string[];
  body: string[];
  /** Surnames of people named on the page ("Mr Putin", "Vladimir Putin" -> "Putin"). */
  surnames: Set<string>;
  /** First "Given Surname" for each surname, with its offset. */
  fullNames: Map<string, { name: string; at: number }>;
  /** Paragraphs (body, then header as -1 headline / -2 standfirst) with quoted words blanked, computed on demand. */
  masked: Map<number, string>;
  /** personOf results by reference, before (index pass) and after the surnames are known. */
  people: { index: Map<string, Person | null>; final: Map<string, Person | null> };
}

/** Cap on memoised references, so a page of a million distinct names cannot grow the cache without bound. */
const PEOPLE_CACHE_LIMIT = 50_000;

/** personOf with the page's surnames, memoised: the same few references recur all over a page. */
export function personIn(ctx: PageContext, ref: string, indexing = false): Person | null {
  const cache = indexing ? ctx.people.index : ctx.people.final;
  let person = cache.get(ref);
  if (person === undefined) {
    person = personOf(ref, indexing ? NO_SURNAMES : ctx.surnames);
    if (cache.size < PEOPLE_CACHE_LIMIT) cache.set(ref, person);
  }
  return person;
}

/** Header and body -> a fresh context for one page, with its names already indexed. */
export function makeContext(header: string[], body: string[]): PageContext {
  const parts: string[] = [];
  const bodyEnds: number[] = [];
  let length = 0;
  for (const line of header) {
    parts.push(line);
    length += line.length + 1;
  }
  for (const p of body) {
    parts.push(p);
    length += p.length + 1;
    bodyEnds.push(length);
  }
  const text = parts.length > 0 ? `${parts.join('\n')}\n` : '';
  const ctx: PageContext = {
    text,
    bodyEnds,
    header,
    body,
    surnames: new Set(),
    fullNames: new Map(),
    masked: new Map(),
    people: { index: new Map(), final: new Map() },
  };
  indexNames(ctx);
  return ctx;
}

const NO_SURNAMES: ReadonlySet<string> = new Set();

/**
 * One pass over the page: every surname of a person named with a title or in full, and the
 * first full name written for each capitalised word that follows other name words.
 */
function indexNames(ctx: PageContext): void {
  // The headline is title case ("Putin Meets Obama"), so it may name people but never teaches full names.
  const headlineEnd = (ctx.header[0]?.length ?? -1) + 1;
  for (const m of ctx.text.matchAll(RUN)) {
    const run = words(m[0]);
    const person = personIn(ctx, m[0], true);
    if (person) ctx.surnames.add(person.surname);
    if ((m.index ?? 0) < headlineEnd) continue;
    for (let j = 1; j < run.length; j++) {
      const surname = (run[j] ?? '').replace(/['’]s$/, '');
      if (ctx.fullNames.has(surname) || isTitle(surname) || !isNameWord(surname) || PARTICLE_WORD.test(surname)) continue;
      // Up to three words before the surname, after any title or possessive:
      // "Russian President Vladimir Putin" -> "Vladimir", "Ukraine's Volodymyr Zelensky" -> "Volodymyr".
      let given = run.slice(Math.max(0, j - 3), j);
      for (let k = given.length - 1; k >= 0; k--) {
        const w = given[k] ?? '';
        if (isTitle(w) || isPossessive(w) || NOT_NAMES.has(w) || NON_PERSON.has(w) || !isNameWord(w)) {
          given = given.slice(k + 1);
          break;
        }
      }
      if (given.length > 0 && !PARTICLE_WORD.test(given[0] ?? '')) {
        ctx.fullNames.set(surname, { name: `${given.join(' ')} ${surname}`, at: m.index ?? 0 });
      }
      if (isPossessive(run[j] ?? '')) break;
    }
  }
}

/**
 * A person as written -> the name to show. "Mr Putin" / "President Putin" / "Putin" become the
 * full name used earlier on the page (up to `seenUpTo`); without one the reference stays as written.
 */
export function displayName(ctx: PageContext, person: Person, seenUpTo: number): string {
  if (person.title !== null || person.name.length === 1) {
    const full = ctx.fullNames.get(person.surname);
    if (full && full.at < seenUpTo) return full.name;
  }
  return person.title !== null ? [person.title, ...person.name].join(' ') : person.name.join(' ');
}
