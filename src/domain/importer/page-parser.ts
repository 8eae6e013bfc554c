/**
 * Parses a news article page captured as plain text (section, headline, standfirst, body,
 * then site chrome) into structure, finds attributed quotes, and renders the body as
 * literal-text Markdown. Pure and dependency-free: no I/O, no globals mutated.
 */
import { invalid } from '../../kernel/errors.js';

/** Largest page file we accept, in bytes (5 MB). */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** One body paragraph: plain text, or a stand-alone attributed quote. */
export type ParsedParagraph = { kind: 'text'; text: string } | { kind: 'quote'; text: string; speaker: string };

/** An attributed quote found in the body. */
export interface ParsedQuote {
  text: string;
  speaker: string;
  /** index into paragraphs */
  paragraph: number;
}

/** The structure of one article page. */
export interface ParsedPage {
  section: string;
  headline: string;
  series: string | null;
  standfirst: string;
  paragraphs: ParsedParagraph[];
  quotes: ParsedQuote[];
  topics: string[];
  teasers: string[];
}

// ---------------------------------------------------------------------------
// Bytes -> text
// ---------------------------------------------------------------------------

/** Throws Validation FILE_TOO_LARGE for a page over 5 MB; callers may check a file's size before reading it. */
export function assertPageSize(size: number): void {
  if (size > MAX_PAGE_BYTES)
    throw invalid('FILE_TOO_LARGE', `The file is ${size} bytes; the size limit is 5 MB (${MAX_PAGE_BYTES} bytes).`);
}

/** Bytes -> text; throws Validation FILE_EMPTY / FILE_TOO_LARGE / FILE_BINARY / FILE_NOT_UTF8; strips a leading BOM. */
export function decodePageFile(bytes: Uint8Array): string {
  if (bytes.length === 0) throw invalid('FILE_EMPTY', 'The file is empty (0 bytes).');
  assertPageSize(bytes.length);
  // C0 control bytes only ever encode C0 control characters in UTF-8, so checking bytes
  // first gives binary files (images, PDFs) the more useful FILE_BINARY code.
  const at = findControlByte(bytes);
  if (at !== -1) {
    throw invalid('FILE_BINARY', `The file looks binary, not text: it has ${describeControl(bytes[at] ?? 0)} at byte ${at}.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid('FILE_NOT_UTF8', 'The file is not valid UTF-8 text; save it as UTF-8 and try again.');
  }
  const c1 = text.search(/[\u0080-\u009f]/);
  if (c1 !== -1) {
    throw invalid(
      'FILE_BINARY',
      `The file looks binary, not text: it has control character ${describeControl(text.charCodeAt(c1))} at character ${c1}.`,
    );
  }
  // TextDecoder already drops one BOM; this keeps the contract if that default ever changes.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') throw invalid('FILE_EMPTY', 'The file contains only whitespace.');
  return text;
}

/** Index of the first control byte other than \t \n \f \r (and including DEL), or -1. */
function findControlByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    const isControl = b < 0x20 || b === 0x7f;
    if (isControl && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return i;
  }
  return -1;
}

function describeControl(code: number): string {
  const hex = `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
  return code === 0 ? `a NUL byte (${hex})` : `a control character (${hex})`;
}

// ---------------------------------------------------------------------------
// Text -> page structure
// ---------------------------------------------------------------------------

/** Text -> structure; throws Validation NO_HEADLINE / NO_STANDFIRST / ONLY_CHROME. */
export function parsePage(text: string): ParsedPage {
  const { header, body, topics, teasers } = splitPage(text);
  const [section, rawHeadline, standfirst] = header;
  if (section === undefined) throw invalid('NO_HEADLINE', 'The page has no text, so it has no headline.');
  if (chromeKind(section)) {
    throw invalid('ONLY_CHROME', `The page starts with site chrome ("${section}") instead of a section and headline.`);
  }
  if (rawHeadline === undefined || chromeKind(rawHeadline)) {
    throw invalid('NO_HEADLINE', 'The page has no headline: expected a section line, then a headline line.');
  }
  if (standfirst === undefined || chromeKind(standfirst)) {
    throw invalid('NO_STANDFIRST', 'The page has no standfirst: expected a summary line after the headline.');
  }
  const { series, headline } = splitSeries(rawHeadline);
  const { paragraphs, quotes } = analyseBody(body, [rawHeadline, standfirst]);
  return { section, headline, series, standfirst, paragraphs, quotes, topics, teasers };
}

interface PageParts {
  /** The first three non-empty lines: section, headline, standfirst (fewer if the page is short). */
  header: string[];
  /** Body paragraphs: runs of non-blank lines joined with single spaces. */
  body: string[];
  topics: string[];
  teasers: string[];
}

/**
 * Lines -> header, paragraphs and chrome. The header is line-based (the first three non-empty
 * lines); the body is block-based (blank and whitespace/NBSP-only lines separate paragraphs);
 * chrome is line-based again: the first chrome line, even mid-block, ends the body, and each
 * chrome heading switches what the following non-empty lines are (topic names or teasers).
 */
function splitPage(text: string): PageParts {
  const lines = text.split(/\r\n|\n|\r/);
  const header: string[] = [];
  let i = 0;
  for (; i < lines.length && header.length < 3; i++) {
    const line = collapseSpace(lines[i] ?? '');
    if (line !== '') header.push(line);
  }

  const body: string[] = [];
  const topics: string[] = [];
  const teasers: string[] = [];
  const topicKeys = new Set<string>();
  let mode: 'body' | ChromeKind = 'body';
  let block: string[] = [];
  const flush = () => {
    if (block.length > 0) body.push(block.join(' '));
    block = [];
  };
  for (; i < lines.length; i++) {
    const line = collapseSpace(lines[i] ?? '');
    if (line === '') {
      if (mode === 'body') flush();
      continue;
    }
    const kind = chromeKind(line);
    if (kind) {
      if (mode === 'body') flush();
      mode = kind;
    } else if (mode === 'body') {
      block.push(line);
    } else if (mode === 'teasers') {
      teasers.push(line);
    } else {
      const key = line.toLowerCase();
      if (!topicKeys.has(key)) {
        topicKeys.add(key);
        topics.push(line);
      }
    }
  }
  if (mode === 'body') flush();
  return { header, body, topics, teasers };
}

/** JS `\s` covers U+00A0 and the other Unicode spaces, so one pass normalises them all. */
function collapseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** "Series | Title" → its series and title; a line without a bar has no series. */
export function splitSeries(line: string): { series: string | null; headline: string } {
  const m = /^([^|]+?)\s*\|\s*(.+)$/.exec(line);
  if (!m || !m[1] || !m[2]) return { series: null, headline: line };
  return { series: m[1].trim(), headline: m[2].trim() };
}

type ChromeKind = 'topics' | 'teasers';

// A Map (not an object literal) so that lines like "constructor" never look like chrome.
const CHROME_LINES = new Map<string, ChromeKind>([
  ['relatedtopics', 'topics'],
  ['joinournewsletter', 'teasers'],
  ['watchuson', 'teasers'],
]);

/** Chrome headings match ignoring case, spacing and a trailing colon ("Watch Us On", "WATCHUSON:"). */
function chromeKind(line: string): ChromeKind | undefined {
  // Headings are short; skipping long lines keeps a huge line from being lower-cased twice.
  if (line.length > 40) return undefined;
  return CHROME_LINES.get(line.toLowerCase().replace(/[\s:]+/g, ''));
}

// ---------------------------------------------------------------------------
// Names and people
// ---------------------------------------------------------------------------

/** Honorifics carry gender, which lets "she" skip "Mr X" when resolving pronouns. */
const HONORIFIC_GENDER = new Map<string, 'm' | 'f'>([
  ['Mr', 'm'],
  ['Sir', 'm'],
  ['Lord', 'm'],
  ['King', 'm'],
  ['Prince', 'm'],
  ['Father', 'm'],
  ['Mrs', 'f'],
  ['Ms', 'f'],
  ['Miss', 'f'],
  ['Dame', 'f'],
  ['Lady', 'f'],
  ['Queen', 'f'],
  ['Princess', 'f'],
]);
const OTHER_HONORIFICS = ['Mx', 'Dr', 'Prof', 'Professor'];
/** Office and rank titles: also ordinary words ("General Assembly"), so only trusted before a full name or a known surname. */
const RANK_TITLES = [
  'President',
  'Minister',
  'Secretary',
  'Chancellor',
  'Senator',
  'Governor',
  'Mayor',
  'Ambassador',
  'General',
  'Gen',
  'Brigadier',
  'Colonel',
  'Col',
  'Major',
  'Maj',
  'Captain',
  'Capt',
  'Lieutenant',
  'Lt',
  'Sergeant',
  'Sgt',
  'Corporal',
  'Cpl',
  'Admiral',
  'Adm',
  'Commodore',
  'Commander',
  'Cdr',
  'Marshal',
  'Leader',
  'Officer',
  'Inspector',
  'Constable',
  'Superintendent',
  'Commissioner',
  'Councillor',
  'Chairman',
  'Chairwoman',
  'Director',
  'Bishop',
  'Archbishop',
  'Cardinal',
  'Rabbi',
  'Pope',
  'Judge',
  'Rev',
  'Reverend',
  'Sheikh',
];
const HONORIFICS = new Set<string>(HONORIFIC_GENDER.keys());
for (const h of OTHER_HONORIFICS) HONORIFICS.add(h);
const TITLES = new Set<string>(HONORIFICS);
for (const t of RANK_TITLES) TITLES.add(t);
const TITLES_LOWER = new Set<string>();
for (const t of TITLES) TITLES_LOWER.add(t.toLowerCase());

/** Capitalised words that start sentences or clauses but are never part of a name. */
const NOT_NAMES = new Set([
  'The',
  'A',
  'An',
  'But',
  'And',
  'Or',
  'So',
  'Yet',
  'Then',
  'Now',
  'However',
  'Meanwhile',
  'Still',
  'Yesterday',
  'Today',
  'Tomorrow',
  'Earlier',
  'Later',
  'Afterwards',
  'When',
  'While',
  'Whilst',
  'After',
  'Before',
  'During',
  'In',
  'On',
  'At',
  'As',
  'If',
  'Although',
  'Though',
  'Since',
  'Speaking',
  'Asked',
  'According',
  'Following',
  'Despite',
  'Under',
  'With',
  'Without',
  'For',
  'From',
  'By',
  'Of',
  'To',
  'Both',
  'This',
  'That',
  'These',
  'Those',
  'It',
  'He',
  'She',
  'They',
  'We',
  'I',
  'His',
  'Her',
  'Their',
  'Its',
  'Our',
  'My',
  'Your',
  'Also',
  'Last',
  'Next',
  'Former',
  'New',
  'Here',
  'There',
  'Why',
  'What',
  'How',
  'Where',
  'Who',
  'Some',
  'Many',
  'Several',
  'Most',
  'All',
  'Each',
  'Every',
  'Few',
  'Other',
  'Such',
  'Any',
  'No',
  'Only',
  'Even',
  'One',
  'Two',
  'Three',
  'Four',
  'Five',
  'Six',
  'Seven',
  'Eight',
  'Nine',
  'Ten',
  'Dear',
  'Thanks',
]);

/**
 * Words that mark a capitalised phrase as an organisation, place, event or adjective rather than
 * a person: "Islamic State", "White House", "Royal Navy", "Foreign Office", "Russian officials".
 */
const NON_PERSON = new Set([
  'State',
  'States',
  'Kingdom',
  'Union',
  'Nations',
  'House',
  'Office',
  'Ministry',
  'Department',
  'Army',
  'Navy',
  'Force',
  'Forces',
  'Corps',
  'Marines',
  'Marine',
  'Guard',
  'Guards',
  'Police',
  'Party',
  'Government',
  'Council',
  'Committee',
  'Commission',
  'Assembly',
  'Parliament',
  'Congress',
  'Senate',
  'Court',
  'Bank',
  'Institute',
  'Institution',
  'Centre',
  'Center',
  'University',
  'College',
  'School',
  'Academy',
  'Hospital',
  'Agency',
  'Service',
  'Services',
  'Group',
  'Company',
  'Corporation',
  'Ltd',
  'Inc',
  'Plc',
  'News',
  'Times',
  'Post',
  'Street',
  'Road',
  'Avenue',
  'Square',
  'Bridge',
  'Sea',
  'Ocean',
  'River',
  'Lake',
  'Island',
  'Islands',
  'Bay',
  'Gulf',
  'Strait',
  'Mountains',
  'Valley',
  'Region',
  'Province',
  'District',
  'County',
  'City',
  'Town',
  'Village',
  'Republic',
  'Federation',
  'Empire',
  'Church',
  'Cathedral',
  'Mosque',
  'Airport',
  'Station',
  'Port',
  'Base',
  'Barracks',
  'Camp',
  'Fleet',
  'Squadron',
  'Regiment',
  'Battalion',
  'Brigade',
  'Division',
  'Command',
  'Headquarters',
  'Alliance',
  'Organisation',
  'Organization',
  'Association',
  'Foundation',
  'Trust',
  'Fund',
  'Club',
  'League',
  'Cup',
  'Games',
  'Festival',
  'Museum',
  'Gallery',
  'Library',
  'Hall',
  'Palace',
  'Castle',
  'Park',
  'Stadium',
  'Theatre',
  'Press',
  'Media',
  'Television',
  'Radio',
  'Network',
  'Airlines',
  'Airways',
  'Systems',
  'Industries',
  'Treasury',
  'Cabinet',
  'Embassy',
  'Consulate',
  'Mission',
  'Operation',
  'Exercise',
  'Programme',
  'Program',
  'Council',
  'Review',
  'Act',
  'Bill',
  'Treaty',
  'Agreement',
  'Accord',
  'Summit',
  'Conference',
  'War',
  'World',
  'Day',
  'Week',
  'Christmas',
  'Easter',
  'Brief',
  'Royal',
  'National',
  'International',
  'Federal',
  'Central',
  'Northern',
  'Southern',
  'Eastern',
  'Western',
  'North',
  'South',
  'East',
  'West',
  'Middle',
  'Great',
  'United',
  'Defence',
  'Defense',
  'Foreign',
  'Home',
  'Security',
  'Intelligence',
  'Strike',
  'Air',
  'Naval',
  'Military',
  'Islamic',
  'Labour',
  'Conservative',
  'Tory',
  'Democrat',
  'Democratic',
  'Republican',
  'Liberal',
  'Green',
  'American',
  'British',
  'English',
  'Scottish',
  'Welsh',
  'Irish',
  'Russian',
  'Ukrainian',
  'Syrian',
  'Iraqi',
  'Iranian',
  'Israeli',
  'Palestinian',
  'Chinese',
  'Japanese',
  'Korean',
  'Indian',
  'Pakistani',
  'Afghan',
  'French',
  'German',
  'Italian',
  'Spanish',
  'Polish',
  'Dutch',
  'Belgian',
  'Swedish',
  'Finnish',
  'Norwegian',
  'Danish',
  'Estonian',
  'Latvian',
  'Lithuanian',
  'Turkish',
  'Greek',
  'European',
  'African',
  'Asian',
  'Arab',
  'Soviet',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
]);

/** Nouns for people in a role: a pronoun whose antecedent is "the minister" cannot be named. */
const ROLE_WORDS = new Set([
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'official',
  'aide',
  'adviser',
  'advisor',
  'officer',
  'chief',
  'leader',
  'analyst',
  'researcher',
  'source',
  'diplomat',
  'envoy',
  'negotiator',
  'lawyer',
  'prosecutor',
  'witness',
  'friend',
  'colleague',
  'wife',
  'husband',
  'son',
  'daughter',
  'brother',
  'sister',
  'mother',
  'father',
  'pilot',
  'soldier',
  'sailor',
  'doctor',
  'expert',
  'premier',
  'man',
  'woman',
  'boy',
  'girl',
  'veteran',
  'commentator',
  'journalist',
  'reporter',
  'head',
  'boss',
  'owner',
  'resident',
  'teacher',
  'student',
  'candidate',
  'member',
  'representative',
  'deputy',
  'successor',
  'predecessor',
  'counterpart',
  'host',
  'guest',
  'king',
  'queen',
  'prince',
  'princess',
  'chair',
]);

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = new Set([
  'Mr',
  'Mrs',
  'Ms',
  'Mx',
  'Dr',
  'Prof',
  'St',
  'Gen',
  'Col',
  'Lt',
  'Capt',
  'Maj',
  'Sgt',
  'Cpl',
  'Adm',
  'Cdr',
  'Rev',
  'Sen',
  'Gov',
  'Rep',
  'Jr',
  'Sr',
  'No',
  'vs',
  'Mt',
  'Ft',
  'Co',
  'Inc',
  'Ltd',
]);

/** Space within one paragraph: names never run across the newlines that separate paragraphs in the page text. */
const SP = String.raw`[^\S\n]+`;
const TITLE_ALT = [...TITLES].sort((a, b) => b.length - a.length).join('|');
const PREFIX = String.raw`(?:(?:al|el|bin|ibn|de|di|da|du|van|von|le|la)-)`;
/** One name word: an initial ("F."), or a capitalised word, optionally with an Arabic-style particle ("al-Assad"). */
const WORD = String.raw`(?:\p{Lu}\.|${PREFIX}?\p{Lu}[\p{L}'’-]*)`;
const PARTICLE = String.raw`(?:al|el|bin|ibn|ben|de|di|da|du|van|von|der|den|le|la|dos|das)`;
/** A person reference as written: optional titles ("Dr." / "Lt. Col."), then up to six name words. */
const NAME = String.raw`(?:(?:${TITLE_ALT})\.?${SP}){0,3}${WORD}(?:${SP}(?:${PARTICLE}${SP})?${WORD}){0,5}`;
/** A whole run of capitalised words ("Russian President Vladimir Putin", "Lt. Col. Ann Lee"). */
const TOKEN = String.raw`(?:(?:${TITLE_ALT})\.(?=${SP})|${WORD})`;
const RUN_BODY = String.raw`${TOKEN}(?:${SP}(?:${PARTICLE}${SP})?${TOKEN})*`;
const RUN = new RegExp(String.raw`(?<![\p{L}\p{N}'’-])${RUN_BODY}`, 'gu');
const RUN_AT_START = new RegExp(String.raw`^${RUN_BODY}`, 'u');
/** Who speaks: a name or a pronoun (checked for first, so "He" is never taken as a name). */
const SPEAKER = String.raw`(?<![\p{L}\p{N}'’-])(?<speaker>[Hh]e|[Ss]he|${NAME})`;
const VERB = String.raw`(?:said|says|declared|declares|added|adds|told|tells|warned|warns|insisted|insists|stated|states|urged|urges|asked|asks|replied|replies|explained|explains|continued|continues|noted|notes|argued|argues|claimed|claims|announced|announces|admitted|admits|wrote|writes|tweeted|commented|observed|recalled|concluded|responded|answered|stressed|emphasised|emphasized|conceded|suggested|suggests|vowed|pledged|remarked)`;
/** Small words allowed between speaker and verb: "Mr Obama then said", "Putin angrily declared". */
const AUX = String.raw`(?:(?:has|had|have|also|then|later|once|\p{Ll}+ly)\s+)?`;
/** Up to four words between verb and colon: "he told reporters:", "she said in a statement:". */
const TAIL = String.raw`(?:\s+[^\s:;"“”.!?]+){0,4}?`;

// The `d` flag records where the speaker group starts, for pronoun and preposition checks.
const DASH_AFTER = new RegExp(String.raw`^\s*[-–—]\s*(?<speaker>${NAME})(?=\s*(?:[.,;!]|$))`, 'du');
// Two regexes, not one alternation: Node 20 rejects a named group repeated in one pattern.
const VERB_THEN_NAME = new RegExp(String.raw`^\s*,?\s*${VERB}\s+${SPEAKER}(?![\p{L}])`, 'du');
const NAME_THEN_VERB = new RegExp(String.raw`^\s*,?\s*${SPEAKER}\s+${AUX}${VERB}(?![\p{L}])`, 'du');
const LEAD_IN_COLON = new RegExp(String.raw`${SPEAKER}\s+${AUX}${VERB}${TAIL}\s*:\s*$`, 'du');
const LEAD_IN_BARE = new RegExp(String.raw`${SPEAKER}\s+${AUX}${VERB}\s*,?\s*$`, 'du');

/**
 * A name straight after one of these words is an object, not the speaker: "a spokesman for
 * Mr Smith said", "an aide to Mrs Jones said", "on behalf of", and "Mr Obama and Mr Putin said"
 * (a joint subject; ", and Mr Putin said" starts a new clause and is fine).
 */
const OBJECT_BEFORE =
  /(?:(?:^|[^\p{L}])(?:for|of|to|by|about|with|from|at|against|toward|towards|like|unlike|than|near|alongside|including|between|among|amongst|behind|beside|besides|via|per|versus|vs|regarding|concerning)|(?<![\p{L}])(?<!,\s*)(?:and|or|nor|&))\s+$/iu;

/** A lead-in is short; looking at its tail keeps the regexes linear on huge paragraphs. */
const LEAD_IN_WINDOW = 200;

function words(ref: string): string[] {
  return ref.split(/\s+/).filter((w) => w !== '');
}

function isTitle(word: string): boolean {
  return TITLES.has(word.replace(/\.$/, ''));
}

function isPronoun(ref: string): boolean {
  return /^(he|she)$/i.test(ref);
}

function isPossessive(word: string): boolean {
  return /\p{L}['’]s$|s['’]$/u.test(word);
}

const PARTICLE_WORD = new RegExp(String.raw`^${PARTICLE}$`, 'u');
const NAME_WORD = new RegExp(String.raw`^(?:\p{Lu}\.|${PREFIX}?\p{Lu}[\p{L}'’-]*)$`, 'u');

/** A word that can be part of a person's name: capitalised with some lower case ("UN", "HMS", "F-" are not), an initial, or a particle. */
function isNameWord(word: string): boolean {
  if (PARTICLE_WORD.test(word)) return true;
  if (!NAME_WORD.test(word)) return false;
  return /^\p{Lu}\.$/u.test(word) || (/\p{Ll}/u.test(word) && !/\p{Lu}{2}/u.test(word) && !/-$/.test(word));
}

/** A person as written, after dropping clause openers and everything before the last title. */
interface Person {
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
interface PageContext {
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
function personIn(ctx: PageContext, ref: string, indexing = false): Person | null {
  const cache = indexing ? ctx.people.index : ctx.people.final;
  let person = cache.get(ref);
  if (person === undefined) {
    person = personOf(ref, indexing ? NO_SURNAMES : ctx.surnames);
    if (cache.size < PEOPLE_CACHE_LIMIT) cache.set(ref, person);
  }
  return person;
}

function makeContext(header: string[], body: string[]): PageContext {
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
function displayName(ctx: PageContext, person: Person, seenUpTo: number): string {
  if (person.title !== null || person.name.length === 1) {
    const full = ctx.fullNames.get(person.surname);
    if (full && full.at < seenUpTo) return full.name;
  }
  return person.title !== null ? [person.title, ...person.name].join(' ') : person.name.join(' ');
}

// ---------------------------------------------------------------------------
// Pronouns: "he"/"she" -> the subject of the nearest sentence about a person
// ---------------------------------------------------------------------------

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
function resolveSpeaker(ctx: PageContext, ref: string, paragraph: number, at: number): string | null {
  if (isPronoun(ref)) return resolvePronoun(ctx, ref, paragraph, at);
  const person = personIn(ctx, ref);
  if (!person) return null;
  return displayName(ctx, person, ctx.bodyEnds[paragraph] ?? ctx.text.length) || null;
}

// ---------------------------------------------------------------------------
// Quotes
// ---------------------------------------------------------------------------

interface Span {
  /** Offset of the opening mark. */
  start: number;
  /** Offset just after the closing mark. */
  end: number;
  inner: string;
}

/**
 * Double-quoted spans, straight or curly. Returns null when the marks do not pair up soundly
 * (odd count, or a straight mark that opens right after a letter as in `'enormous mistake"`):
 * guessing would attribute the wrong words to someone.
 */
function findQuoteSpans(p: string): Span[] | null {
  const spans: Span[] = [];
  let open = -1;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch !== '"' && ch !== '“' && ch !== '„' && ch !== '”') continue;
    const prev = p[i - 1] ?? ' ';
    const next = p[i + 1] ?? ' ';
    if (ch === '“' || ch === '„') {
      if (open !== -1) return null;
      open = i;
    } else if (ch === '”' || open !== -1) {
      if (open === -1 || /\s/.test(prev)) return null;
      spans.push({ start: open, end: i + 1, inner: p.slice(open + 1, i) });
      open = -1;
    } else {
      if (/[\p{L}\p{N}]/u.test(prev) || /\s/.test(next)) return null;
      open = i;
    }
  }
  return open === -1 ? spans : null;
}

/**
 * Blank out quoted words (keeping offsets and the marks) so names inside quotes are never taken
 * as a subject. A quote's final . ! or ? is kept so the sentence it ends still ends there.
 * Built from parts: re-slicing the whole paragraph per quote would be quadratic.
 */
function maskQuotes(p: string): string {
  const spans = findQuoteSpans(p);
  if (!spans || spans.length === 0) return p;
  const parts: string[] = [];
  let pos = 0;
  for (const s of spans) {
    parts.push(p.slice(pos, s.start + 1));
    const last = s.inner.slice(-1);
    parts.push(/[.!?]/.test(last) ? `${' '.repeat(s.inner.length - 1)}${last}` : ' '.repeat(s.inner.length));
    pos = s.end - 1;
  }
  parts.push(p.slice(pos));
  return parts.join('');
}

/** Quote text without marks, surrounding space or the comma that belongs to "…," said X. */
function cleanQuote(inner: string): string {
  return collapseSpace(inner).replace(/\s*,$/, '');
}

interface Attribution {
  ref: string;
  /** Offset of the speaker reference in the paragraph (for pronoun resolution). */
  at: number;
}

/**
 * One attribution pattern applied to `text` (which starts at `offset` in paragraph `p`). The
 * speaker must be a pronoun or a person, and not the object of a preposition or list: in
 * "A spokesman for Mr Smith said" the speaker is the spokesman, whom we cannot name.
 */
function matchAttribution(ctx: PageContext, re: RegExp, p: string, text: string, offset: number): Attribution | null {
  const m = re.exec(text);
  const ref = m?.groups?.['speaker'];
  if (!m || !ref) return null;
  const at = offset + (m.indices?.groups?.['speaker']?.[0] ?? m.index + m[0].indexOf(ref));
  let nameAt = at;
  if (!isPronoun(ref)) {
    const person = personIn(ctx, ref);
    if (!person) return null;
    // Offset of the first word kept: "In London Mr Smith" is checked from "Mr Smith".
    nameAt = at + wordOffset(ref, person.dropped);
  }
  // A pronoun is always a subject ("him"/"her" would be the object), so only names are checked.
  if (!isPronoun(ref) && OBJECT_BEFORE.test(p.slice(Math.max(0, nameAt - 30), nameAt))) return null;
  return { ref, at };
}

/** Offset of word `n` (0-based) in `ref`, whose words are separated by whitespace. */
function wordOffset(ref: string, n: number): number {
  let at = 0;
  for (let k = 0; k < n; k++) {
    const m = /\S+\s+/.exec(ref.slice(at));
    if (!m) break;
    at += m[0].length;
  }
  return at;
}

/** `"…" - Name`, `"…," said Name`, `"…," Name said`, or `Name said: "…"` around one span. */
function attributionFor(ctx: PageContext, p: string, spans: Span[], k: number): Attribution | null {
  const span = spans[k];
  if (!span) return null;
  const afterEnd = spans[k + 1]?.start ?? p.length;
  const after = p.slice(span.end, afterEnd);
  const beforeStart = windowStart(p, spans[k - 1]?.end ?? 0, span.start);
  const before = p.slice(beforeStart, span.start);
  return (
    matchAttribution(ctx, DASH_AFTER, p, after, span.end) ??
    matchAttribution(ctx, VERB_THEN_NAME, p, after, span.end) ??
    matchAttribution(ctx, NAME_THEN_VERB, p, after, span.end) ??
    matchAttribution(ctx, LEAD_IN_COLON, p, before, beforeStart) ??
    matchAttribution(ctx, LEAD_IN_BARE, p, before, beforeStart)
  );
}

/**
 * A paragraph that is only a quote, or (with `allowAttribution`) only a quote and its
 * attribution: `"…" - Name.`, `"…," said Name.`, `"…," Name said.`
 */
function isStandaloneQuote(p: string, spans: Span[], allowAttribution: boolean): boolean {
  const only = spans[0];
  if (spans.length !== 1 || !only || p.slice(0, only.start).trim() !== '') return false;
  const rest = p.slice(only.end);
  if (/^\s*[.,]?\s*$/.test(rest)) return true;
  if (!allowAttribution) return false;
  for (const re of [DASH_AFTER, VERB_THEN_NAME, NAME_THEN_VERB]) {
    const m = re.exec(rest);
    if (m && /^\s*\.?\s*$/.test(rest.slice(m.index + m[0].length))) return true;
  }
  return false;
}

/** `… he said:` ending a paragraph announces that the next paragraph is the quote. */
function leadInAtEnd(ctx: PageContext, p: string, spans: Span[] | null): Attribution | null {
  const from = windowStart(p, spans?.[spans.length - 1]?.end ?? 0, p.length);
  return matchAttribution(ctx, LEAD_IN_COLON, p, p.slice(from), from);
}

/** Start of the lead-in window ending at `end`, moved to a word start so no word is cut in half. */
function windowStart(p: string, min: number, end: number): number {
  const start = end - LEAD_IN_WINDOW;
  if (start <= min) return min;
  const space = p.slice(start, end).search(/\s/);
  return space === -1 ? end : start + space;
}

/** Body paragraphs -> paragraphs (stand-alone quotes marked) and every attributed quote, in order. */
function analyseBody(body: string[], header: string[]): { paragraphs: ParsedParagraph[]; quotes: ParsedQuote[] } {
  const ctx = makeContext(header, body);
  const paragraphs: ParsedParagraph[] = [];
  const quotes: ParsedQuote[] = [];
  let pending: string | null = null; // speaker announced by the previous paragraph's "… said:"

  for (let i = 0; i < body.length; i++) {
    const p = body[i] ?? '';
    const spans = findQuoteSpans(p);
    const announced = pending;
    pending = null;
    const first = spans?.[0];

    if (spans && first && announced && isStandaloneQuote(p, spans, false)) {
      const text = cleanQuote(first.inner);
      paragraphs.push({ kind: 'quote', text, speaker: announced });
      quotes.push({ text, speaker: announced, paragraph: i });
    } else {
      const found = spans ? attributedQuotes(ctx, p, spans, i) : [];
      // A paragraph that is only `"…" - Name.` / `"…," said Name.` is itself the quote.
      const solo = spans && found.length === 1 && isStandaloneQuote(p, spans, true) ? found[0] : undefined;
      paragraphs.push(solo ? { kind: 'quote', text: solo.text, speaker: solo.speaker } : { kind: 'text', text: p });
      // A loop, not push(...found): a huge paragraph can hold more quotes than a call has argument slots.
      for (const q of found) quotes.push(q);
    }

    const lead = leadInAtEnd(ctx, p, spans);
    if (lead) pending = resolveSpeaker(ctx, lead.ref, i, lead.at);
  }
  return { paragraphs, quotes };
}

/** Every span in one paragraph that has a speaker we can name. */
function attributedQuotes(ctx: PageContext, p: string, spans: Span[], paragraph: number): ParsedQuote[] {
  const out: ParsedQuote[] = [];
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k];
    if (!span) continue;
    const text = cleanQuote(span.inner);
    const who = text ? attributionFor(ctx, p, spans, k) : null;
    const speaker = who ? resolveSpeaker(ctx, who.ref, paragraph, who.at) : null;
    if (speaker) out.push({ text, speaker, paragraph });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Body -> Markdown
// ---------------------------------------------------------------------------

/** Body paragraphs -> Markdown that renders as literal text; quote paragraphs become blockquotes with an em-dash cite line. */
export function bodyToMarkdown(paragraphs: ParsedParagraph[]): string {
  return paragraphs
    .map((p) => (p.kind === 'quote' ? `> ${escapeMarkdown(p.text)}\n>\n> — ${escapeMarkdown(p.speaker)}` : escapeMarkdown(p.text)))
    .join('\n\n');
}

/**
 * Backslash-escape everything that could start markup. CommonMark lets any ASCII punctuation be
 * escaped, so over-escaping is harmless; under-escaping is not. Inline markers are escaped
 * everywhere; block markers (#, >, -, +, =, "1." / "1)") only matter at the start of the line.
 * Whitespace is collapsed first because a paragraph is one line: an embedded newline could
 * otherwise start a heading or list mid-paragraph.
 */
function escapeMarkdown(text: string): string {
  return collapseSpace(text)
    .replace(/[\\`*_[\]<>&~|!]/g, '\\$&')
    .replace(/^([#+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}
