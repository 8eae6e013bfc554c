/**
 * Names and people: whether a capitalised reference names a person ("Mr Putin" and "Prosecutor
 * Daniel Frame" do; "Islamic State", "Thames Water" and "The Russian President" do not), and the
 * per-article index that remembers who was named and how ("Vladimir Putin" first, "Mr Putin"
 * after), so a speaker is shown by the full name the article used. The index and its caches are
 * built per article, never held by the module, so reading one article cannot affect the next.
 */
import {
  HONORIFICS,
  HONORIFIC_GENDER,
  NON_PERSON,
  NOT_NAMES,
  PARTICLE_WORD,
  runsIn,
  isDescriptorWord,
  isNameWord,
  isPossessive,
  isTitle,
  words,
} from './attribution-lexicon.js';
import { genderOfGivenName } from './given-names.js';

/** A person as written, after dropping clause openers, descriptions and everything before the last title. */
export interface Person {
  /** The title kept in front of the name ("Mr", "Secretary"), or null. */
  title: string | null;
  /** The name words after the title. */
  name: string[];
  surname: string;
  gender: 'm' | 'f' | null;
  /** How many words of the reference were dropped in front ("Defence Secretary" of "Defence Secretary John Healey"). */
  dropped: number;
}

/** Ship prefixes: "HMS Queen Elizabeth" is a ship, whatever its name says. */
const SHIPS = new Set(['HMS', 'HMY', 'HM', 'RFA', 'USS', 'MV', 'SS', 'RMS']);

/**
 * A capitalised reference -> the person it names, or null when it is not (safely) a person:
 * an organisation ("Islamic State"), a role ("The Russian President"), a possessive
 * ("Mr Obama's"), a ship, or a lone word that is not a known surname ("Russia"). Words in front
 * that describe rather than name ("Former Royal Marine", "Prosecutor", "Defence Nuclear
 * Organisation director") are dropped.
 */
function personOf(ref: string, surnames: ReadonlySet<string>): Person | null {
  const all = words(ref);
  if (all.length === 0 || all.length > 9 || SHIPS.has(all[0] ?? '')) return null;
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
  else {
    while (from < all.length - 1 && startsNoName(all[from] ?? '')) from++;
  }

  const ws = all.slice(from);
  const title = t >= 0 ? (ws[0] ?? '').replace(/\.$/, '') : null;
  const name = t >= 0 ? ws.slice(1) : ws;
  const surname = name[name.length - 1] ?? '';
  if (name.length === 0 || !name.every(isNameWord) || isTitle(surname) || PARTICLE_WORD.test(surname)) return null;
  if (NOT_NAMES.has(name[0] ?? '')) return null;

  let ok: boolean;
  if (title !== null && HONORIFICS.has(title)) ok = true;
  else if (name.length === 1) ok = surnames.has(surname);
  // A common given name first ("Bill Norris") is a name even where the word also means a thing ("the Finance Bill").
  else ok = name.length <= 4 && !name.some((w, k) => NON_PERSON.has(w) && !(k === 0 && genderOfGivenName(w)));
  if (!ok) return null;
  const gender = (title && HONORIFIC_GENDER.get(title)) || (name.length > 1 ? genderOfGivenName(name[0] ?? '') : null);
  return { title, name, surname, gender, dropped: from };
}

/** A capitalised word that cannot open a name: a sentence opener, a description ("Veteran"), an organisation word ("Royal"). */
function startsNoName(word: string): boolean {
  return NOT_NAMES.has(word) || NON_PERSON.has(word) || isDescriptorWord(word) || !isNameWord(word);
}

/** Everything the resolver knows about the names of one article, computed once. */
export interface NameIndex {
  /** Surnames of people named in the article ("Mr Putin", "Vladimir Putin" -> "Putin"). */
  surnames: Set<string>;
  /** First full name ("Given Surname") written for each surname. */
  fullNames: Map<string, string>;
  /** Full names by given name, for "Sir Rowan" and "Dame Eleanor"; null where two people share one. */
  byGivenName: Map<string, string | null>;
  /** personOf results by reference, before (index pass) and after the surnames are known. */
  people: { index: Map<string, Person | null>; final: Map<string, Person | null> };
}

/** Cap on memoised references, so an article of a million distinct names cannot grow the cache without bound. */
const PEOPLE_CACHE_LIMIT = 50_000;

/** personOf with the article's surnames, memoised: the same few references recur all over an article. */
export function personIn(names: NameIndex, ref: string, indexing = false): Person | null {
  const cache = indexing ? names.people.index : names.people.final;
  let person = cache.get(ref);
  if (person === undefined) {
    person = personOf(ref, indexing ? NO_SURNAMES : names.surnames);
    if (cache.size < PEOPLE_CACHE_LIMIT) cache.set(ref, person);
  }
  return person;
}

const NO_SURNAMES: ReadonlySet<string> = new Set();

/**
 * The names of an article, from its standfirst and body (never its headline: a title-case
 * headline such as "Sailors Hail Homecoming" reads like a name and teaches nothing). One pass:
 * every surname of a person named with a title or in full, and the first full name for each.
 */
export function indexNames(texts: readonly string[]): NameIndex {
  const names: NameIndex = {
    surnames: new Set(),
    fullNames: new Map(),
    byGivenName: new Map(),
    people: { index: new Map(), final: new Map() },
  };
  for (const text of texts) {
    for (const m of runsIn(text)) {
      const person = personIn(names, m.text, true);
      if (!person) continue;
      names.surnames.add(person.surname);
      if (person.name.length < 2 || names.fullNames.has(person.surname)) continue;
      const full = person.name.join(' ');
      names.fullNames.set(person.surname, full);
      const given = person.name[0] ?? '';
      names.byGivenName.set(given, names.byGivenName.has(given) ? null : full);
    }
  }
  return names;
}

/**
 * A person as written -> the name to show. "Mr Putin", "President Putin" and "Putin" become the
 * full name written elsewhere in the article, "Sir Rowan" the one knight of that given name;
 * without one the reference stays as written ("Lord Hadley").
 */
export function displayName(names: NameIndex, person: Person): string {
  if (person.title !== null || person.name.length === 1) {
    const full = names.fullNames.get(person.surname);
    if (full) return full;
    if ((person.title === 'Sir' || person.title === 'Dame') && person.name.length === 1) {
      const byGiven = names.byGivenName.get(person.surname);
      if (byGiven) return byGiven;
    }
  }
  return person.title !== null && person.name.length === 1 ? `${person.title} ${person.surname}` : person.name.join(' ');
}

/** The person's gender as far as the article tells: an honorific, or the given name of their full name. */
export function genderOf(names: NameIndex, person: Person): 'm' | 'f' | null {
  if (person.gender) return person.gender;
  const full = names.fullNames.get(person.surname);
  return full ? genderOfGivenName(full.split(' ')[0] ?? '') : null;
}

/** Offset of word `n` (0-based) in `ref`, whose words are separated by whitespace. */
export function wordOffset(ref: string, n: number): number {
  let at = ref.search(/\S/);
  if (at < 0) return 0;
  for (let k = 0; k < n; k++) {
    const m = /\S+\s+/.exec(ref.slice(at));
    if (!m) break;
    at += m[0].length;
  }
  return at;
}
