/**
 * Who holds a role, as the article says: "Defence Secretary Margaret Alden", "the Defence
 * Secretary, Margaret Alden,", "Lord Ferris, a former NATO deputy commander", "senior coroner
 * Helen Stowe". A later "the Defence Secretary said" or "the former commander said" is then
 * that person. Only a definite role is resolved ("the minister"); "a ministry spokesperson" is
 * someone not named, and an organisation is never one person.
 */
import { NOT_NAMES, bareWord, isDescriptorWord, isHonorific, runsIn, words } from './attribution-lexicon.js';
import { displayName, personIn, type NameIndex } from './people.js';
import { appositionRole, isIntro, type Role } from './speaker-phrases.js';

/** One description of a named person. */
interface Holder {
  name: string;
  key: string[];
  /** Order of the paragraph it was read from (-1: the standfirst). */
  at: number;
}

/** The descriptions of named people in an article, by their head noun. */
export type HolderIndex = Map<string, Holder[]>;

/** Cap on descriptions kept, so a huge article cannot grow the index without bound. */
const MAX_HOLDERS = 20_000;

/** Every description written next to a name, from texts whose quoted words are blanked (`at` orders them). */
export function indexHolders(names: NameIndex, texts: ReadonlyArray<{ text: string; at: number }>): HolderIndex {
  const index: HolderIndex = new Map();
  let count = 0;
  const add = (name: string, key: string[], at: number) => {
    const clean = key.map(bareWord).filter((w) => w !== '' && w !== 'the' && w !== 'a' && w !== 'an');
    if (clean.length === 0 || count >= MAX_HOLDERS) return;
    const head = headOf(clean);
    const list = index.get(head) ?? [];
    list.push({ name, key: clean, at });
    index.set(head, list);
    count++;
  };
  for (const { text, at } of texts) {
    for (const m of runsIn(text)) {
      const person = personIn(names, m.text);
      if (!person) continue;
      const name = displayName(names, person);
      const start = m.at;
      const end = start + m.text.length;
      // Words in the run before the name ("Defence Secretary" of "Defence Secretary Margaret Alden") and descriptions before it ("senior coroner").
      const inRun = words(m.text)
        .slice(0, person.dropped + (person.title ? 1 : 0))
        .filter((w) => !isHonorific(w) && !NOT_NAMES.has(w));
      const key = [...descriptionBefore(text, start), ...inRun];
      if (key.length > 0) add(name, key, at);
      // Appositions: "Lord Ferris, a former NATO deputy commander," and "the Defence Secretary, Margaret Alden,".
      const after = /^,\s*([^,.;:"“”]+)[,.;:]/.exec(text.slice(end, end + 200))?.[1];
      if (after) {
        const age = /^\s*(\d{1,3})\s*$/.exec(after)?.[1];
        if (age) add(name, [`${age}-year-old`], at);
        const role = appositionRole(after);
        if (role && !role.group) add(name, role.key, at);
      }
      const before = /(?:^|[,.;:])\s*([^,.;:"“”]+),\s*$/.exec(text.slice(Math.max(0, start - 200), start))?.[1];
      if (before && !isIntro(names, before)) {
        const role = appositionRole(before);
        if (role && !role.group) add(name, role.key, at);
      }
    }
  }
  return index;
}

/** The noun a role is about: the word before "of", "for" and the like, else the last word. */
function headOf(key: readonly string[]): string {
  for (let k = 1; k < key.length; k++) {
    if (/^(?:of|for|at|to|with|in|on|from)$/.test(key[k] ?? '')) return key[k - 1] ?? '';
  }
  return key[key.length - 1] ?? '';
}

/** Description words directly in front of a name, nearest last: "… said Tory former defence minister" -> the last four. */
function descriptionBefore(text: string, start: number): string[] {
  const before = text.slice(Math.max(0, start - 80), start);
  if (!/\s$/.test(before) && before !== '') return [];
  const ws = words(before);
  const out: string[] = [];
  for (let k = ws.length - 1; k >= 0 && out.length < 6; k--) {
    const w = ws[k] ?? '';
    if (/[,.;:!?"“”]$/.test(w)) break;
    if (!(isDescriptorWord(w) || (/^\p{Lu}/u.test(w) && !NOT_NAMES.has(w)))) break;
    out.unshift(w);
  }
  return out;
}

/**
 * A definite role -> the one person the article describes that way, or null. Every word of the
 * role must be in the person's description and the head noun must match ("the former
 * commander" fits "a former NATO deputy commander"); an exact description wins over a looser
 * one, and people described before the quote over people described after it.
 */
export function resolveRole(index: HolderIndex, role: Role, paragraph: number): string | null {
  if (!role.definite || role.group || role.document) return null;
  const candidates = index.get(role.head) ?? [];
  if (candidates.length === 0) return null;
  const want = role.key.filter((w) => w !== 'the');
  const pick = (list: Holder[]): string | null | undefined => {
    const exact = new Set<string>();
    const loose = new Set<string>();
    for (const h of list) {
      if (!want.every((w) => h.key.includes(w))) continue;
      loose.add(h.name);
      if (h.key.length === want.length) exact.add(h.name);
    }
    if (exact.size === 1) return [...exact][0];
    if (exact.size > 1) return null;
    if (loose.size === 1) return [...loose][0];
    return loose.size > 1 ? null : undefined;
  };
  const earlier = pick(candidates.filter((h) => h.at <= paragraph));
  if (earlier !== undefined) return earlier;
  return pick(candidates) ?? null;
}
