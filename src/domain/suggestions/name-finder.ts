/**
 * People, places and organisations as the NLP library compromise tags them, read from its terms.
 *
 * compromise's full parse spends most of its time in rules about verbs, dates and numbers, which a
 * topic never needs: on a 500-word article its tokenizer, lexicon and first-pass tagger take about
 * 3 ms and its second-pass rules (570 of them) 10-15 ms more. So the tagger runs in part: the
 * tokenizer, the lexicon, the first pass (with its possessives), then only the second-pass rules
 * that tag a name or the words around one (people, places, organisations, honorifics, acronyms:
 * about 70), applied clause by clause as compromise applies them. Its people, places and
 * organisations views are read straight from the terms, in one walk instead of three. The same
 * lexicon also settles some words without the tagger (`lexiconVerdict`).
 */
import type compromise from 'compromise/two';

/** compromise, the `compromise/two` build (the tagger, without the phrase views this module does not use). */
export type Nlp = typeof compromise;

/** What a proposed topic is; subjects are left to people. */
export type ProposedKind = 'person' | 'place' | 'organisation';

/** One name compromise found, as it stands in the text. */
export interface EntityMention {
  kind: ProposedKind;
  /** Its words, each with where it stands in the text, its tags and whether a sentence starts with it. */
  words: Array<{ text: string; start: number; tags: string[]; sentenceStart: boolean }>;
}

/** A term as compromise keeps it (its published type leaves out the offset). */
interface NlpTerm {
  text: string;
  post: string;
  normal: string;
  tags: Set<string>;
  index: [number, number];
  offset: { start: number };
}

/** One of compromise's second-pass rules, as far as this module looks at it. */
interface NlpRule {
  match: string;
  tag?: string | string[];
  unTag?: string | string[];
  /** A match that vetoes the rule: a string, until compromise compiles it. */
  notIf?: string | object[];
}

// compromise's tags for names and the words that make one ("Mr", "UN"); ProperNoun is how its
// first pass marks a capitalised word it does not know.
const NAME_TAG =
  /^(?:Person|FirstName|LastName|MaleName|FemaleName|Honorific|Organization|Company|School|SportsTeam|Place|Country|City|Region|Address|ProperNoun|Acronym)$/;
// The tags a second-pass rule is kept for: those above but schools, sports teams and addresses
// ("Toronto FC", "4th St"), which are no news topics and would only slow every clause down.
const RULE_TAG =
  /^(?:Person|FirstName|LastName|MaleName|FemaleName|Honorific|Organization|Company|Place|Country|City|Region|ProperNoun|Acronym)$/;

/** Whether a second-pass rule tags a name: by the tags it sets or, setting none, those it removes ("a Warhol"). */
function tagsName(rule: NlpRule): boolean {
  const tags = [rule.tag ?? rule.unTag ?? []].flat().flatMap((t) => t.split(' '));
  return tags.some((t) => RULE_TAG.test(t.replace(/^#/, '')));
}

// What compromise's lexicon tags words that are never a name on their own, wherever they stand
// ("I", "During", "Monday"), and those it tags as one kind of name.
const NO_NAME = /^(?:Determiner|Pronoun|Possessive|Preposition|Conjunction|QuestionWord|WeekDay|Month)$/;
const PLACE = /^(?:Place|Country|City|Region)$/;
const ORGANISATION = /^(?:Organization|Company|School|SportsTeam)$/;
const PERSON = /^(?:Person|FirstName|LastName|MaleName|FemaleName|Honorific)$/;

/** What compromise's lexicon alone says of a capitalised word: a kind of name, no name, or nothing sure. */
export type LexiconVerdict = ProposedKind | 'none' | null;

/**
 * What compromise's lexicon says of a capitalised word (`key`, folded) standing alone, where its
 * tagger would add nothing: a place or organisation it knows as nothing else ("Syria", "London",
 * "NATO"); no name, for a function word or a day anywhere ("I", "During", "Monday") and, where
 * a sentence opens and its capital says nothing, any word it knows but not as a name
 * ("Speaking"); otherwise null (a person, or a word only its context settles).
 */
export function lexiconVerdict(nlp: Nlp, key: string, opensSentence: boolean): LexiconVerdict {
  const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[] | undefined> } }).one.lexicon;
  const tags = Object.hasOwn(lexicon, key) ? lexicon[key] : undefined;
  if (tags === undefined) return null;
  const list = typeof tags === 'string' ? [tags] : tags;
  if (list.some((tag) => NO_NAME.test(tag))) return 'none';
  const place = list.some((tag) => PLACE.test(tag));
  const organisation = list.some((tag) => ORGANISATION.test(tag));
  if (!list.some((tag) => PERSON.test(tag)) && place !== organisation) return place ? 'place' : 'organisation';
  const named = list.some((tag) => NAME_TAG.test(tag));
  return opensSentence && !named ? 'none' : null;
}

// A word with a capital: a clause without one holds no name.
const CAPITAL = /^\P{L}*\p{Lu}/u;

// The compiled rules, once per instance of the library (tests may load another build).
const nameRules = new WeakMap<Nlp, ReturnType<Nlp['buildNet']>>();

function nameRulesOf(nlp: Nlp): ReturnType<Nlp['buildNet']> {
  let net = nameRules.get(nlp);
  if (!net) {
    const model = nlp.model() as { two: { matches: NlpRule[] } };
    const rules = model.two.matches.filter(tagsName);
    // Building a net compiles each rule's `notIf` in place, so the net is built from copies; and
    // if compromise's own tagger has compiled the originals already, their compiled `notIf` is
    // put back after, not compiled twice.
    const copies = rules.map((rule): NlpRule => ({ ...rule, notIf: typeof rule.notIf === 'string' ? rule.notIf : undefined }));
    net = nlp.buildNet(copies as Parameters<Nlp['buildNet']>[0]);
    copies.forEach((copy, i) => {
      if (copy.notIf === undefined) copy.notIf = rules[i]!.notIf;
    });
    nameRules.set(nlp, net);
  }
  return net;
}

/** compromise tagging `text` for names: tokenizer, lexicon, first pass, then its rules about names per clause. */
function tagNames(nlp: Nlp, text: string): NlpTerm[][] {
  const doc = nlp.tokenize(text);
  doc.compute(['index', 'lexicon', 'preTagger', 'contractionTwo']);
  // compromise's second pass matches within clauses ("$" ends one at a comma), and so must this;
  // a clause with no capital is left out, since every clause costs the rules' set-up again.
  const { quickSplit } = (nlp.methods() as { two: { quickSplit(docs: unknown): NlpTerm[][] } }).two;
  const clauses = quickSplit(doc.docs).filter((terms) => terms.some((t) => CAPITAL.test(t.text)));
  const pointers = clauses.map((terms) => [terms[0]!.index[0], terms[0]!.index[1], terms[0]!.index[1] + terms.length]);
  // `update` takes a list of pointers, whatever its published type says.
  doc.update(pointers as unknown as Parameters<typeof doc.update>[0]).sweep(nameRulesOf(nlp));
  doc.compute('offset');
  return doc.document as unknown as NlpTerm[][];
}

// The kind of name a term is part of; compromise never tags a term as two of them.
function kindOf(tags: Set<string>): ProposedKind | null {
  // An honorific is a person ("Mr" in "Mr Putin"), as compromise's people() reads it.
  if (tags.has('Person')) return 'person';
  if (tags.has('Place') || tags.has('Address')) return 'place';
  if (tags.has('Organization')) return 'organisation';
  return null;
}

/**
 * The people, places and organisations compromise finds in `text`, with offsets into it plus
 * `offset`, as its people(), places() and organizations() views find them: runs of terms tagged
 * as one kind ("Mr Putin", its honorific a person too), each ending at a comma or clause mark, a
 * person's also at a possessive ("Putin's Russia"). A few milliseconds for a 500-word text, so a
 * suggestion gives it only the windows around names (`name-windows.ts`).
 */
export function findEntities(nlp: Nlp, text: string, offset = 0): EntityMention[] {
  // People first, then places, then organisations, as the three views were read: a name found as
  // two kinds equally often takes the first.
  const found: Record<ProposedKind, EntityMention[]> = { person: [], place: [], organisation: [] };
  for (const sentence of tagNames(nlp, text))
    for (let i = 0; i < sentence.length; i++) {
      const kind = kindOf(sentence[i]!.tags);
      if (!kind) continue;
      let end = i + 1;
      while (end < sentence.length && kindOf(sentence[end]!.tags) === kind && !endsRun(kind, sentence[end - 1]!)) end++;
      found[kind].push({
        kind,
        words: sentence.slice(i, end).map((t) => ({
          text: t.text,
          start: t.offset.start + offset,
          tags: [...t.tags],
          sentenceStart: t.index[1] === 0,
        })),
      });
      i = end - 1;
    }
  return [...found.person, ...found.place, ...found.organisation];
}

/** A run of one kind ends after this term: at a comma or clause mark, and a person's at a possessive ("Putin's"; not "his", "her"). */
function endsRun(kind: ProposedKind, term: NlpTerm): boolean {
  if (/[,;:]/.test(term.post)) return true;
  return kind === 'person' && term.tags.has('Possessive') && term.normal !== 'his' && term.normal !== 'her';
}
