/**
 * The vocabulary of attribution: word lists (honorifics, titles, words that are never names,
 * words that mark an organisation or place, role and organisation nouns, the modifiers that
 * describe a speaker, abbreviations), the patterns built from them (a run of capitalised words,
 * the verbs of saying) and the word tests over those lists. Data and pure predicates only, no
 * page state: it is the leaf every other module of the quote service shares, so tuning a list
 * touches one file and cannot change how an article is walked.
 */

/** Honorifics carry gender, which lets "she" skip "Mr X" when resolving pronouns. */
export const HONORIFIC_GENDER = new Map<string, 'm' | 'f'>([
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
  ['Baron', 'm'],
  ['Baroness', 'f'],
  ['Duke', 'm'],
  ['Duchess', 'f'],
  ['Earl', 'm'],
  ['Countess', 'f'],
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
  // Other ranks and police and court titles: "Gunner Callum Reese", "Recorder James Gilmour", "DC Ruth Avery".
  'Private',
  'Pte',
  'Gunner',
  'Trooper',
  'Sapper',
  'Signaller',
  'Guardsman',
  'Rifleman',
  'Fusilier',
  'Craftsman',
  'Kingsman',
  'Ranger',
  'Bombardier',
  'Airman',
  'Aircraftman',
  'Aircraftwoman',
  'Seaman',
  'Midshipman',
  'Recorder',
  'Justice',
  'Coroner',
  'Detective',
  'Det',
  'DC',
  'DS',
  'DI',
  'DCI',
  'PC',
  'Insp',
  'Supt',
  'Viscount',
];
export const HONORIFICS = new Set<string>(HONORIFIC_GENDER.keys());
for (const h of OTHER_HONORIFICS) HONORIFICS.add(h);
const TITLES = new Set<string>(HONORIFICS);
for (const t of RANK_TITLES) TITLES.add(t);
/** Capitalised words that start sentences or clauses but are never part of a name. */
export const NOT_NAMES = new Set([
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
export const NON_PERSON = new Set([
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
  'Water',
  'Rail',
  'Energy',
  'Telecom',
  'Aerospace',
  'Holdings',
  'Technologies',
  'Dynamics',
  'Electric',
  'Motors',
  'Executive',
  'Garrison',
  'Storm',
  'Hurricane',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
]);

/** Abbreviations whose full stop does not end a sentence. */
export const ABBREVIATIONS = new Set([
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
  'Pte',
  'Det',
  'Insp',
  'Supt',
  'Maj',
]);

/** Space within one paragraph: names never run across the newlines that separate paragraphs in the page text. */
const SP = String.raw`[^\S\n]+`;
const TITLE_ALT = [...TITLES].sort((a, b) => b.length - a.length).join('|');
const PREFIX = String.raw`(?:(?:al|el|bin|ibn|de|di|da|du|van|von|le|la)-)`;
/** One name word: an initial ("F."), or a capitalised word, optionally with an Arabic-style particle ("al-Assad"). */
const WORD = String.raw`(?:\p{Lu}\.|${PREFIX}?\p{Lu}[\p{L}'’-]*)`;
const PARTICLE = String.raw`(?:al|el|bin|ibn|ben|de|di|da|du|van|von|der|den|le|la|dos|das)`;
/** A whole run of capitalised words ("Russian President Vladimir Putin", "Lt. Col. Ann Lee"). */
const TOKEN = String.raw`(?:(?:${TITLE_ALT})\.(?=${SP})|${WORD})`;
/** The pattern of such a run, shared by the regexes below and the pronoun grammar. */
export const RUN_BODY = String.raw`${TOKEN}(?:${SP}(?:${PARTICLE}${SP})?${TOKEN})*`;
const RUN = new RegExp(String.raw`(?<![\p{L}\p{N}'’-])${RUN_BODY}`, 'gu');

/**
 * Every run of capitalised words in `text`, with its offset. One shared regex read with exec:
 * `matchAll` would copy (and so recompile) this long pattern on every call, which on a page of
 * a hundred thousand quotes is most of the work.
 */
export function runsIn(text: string): Array<{ text: string; at: number }> {
  const out: Array<{ text: string; at: number }> = [];
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m; m = RUN.exec(text)) out.push({ text: m[0], at: m.index });
  RUN.lastIndex = 0;
  return out;
}
/** A run of capitalised words at the very start of a text. */
export const RUN_AT_START = new RegExp(String.raw`^${RUN_BODY}`, 'u');

/**
 * Verbs of saying that attribute a quote, past and present ("Keane says"), with the phrases that
 * do the same job ("was quoted as saying", "went on"). Longer alternatives come first so
 * "was quoted as saying" is never read as "saying".
 */
export const VERB = String.raw`(?:(?:was|is|were|are|has been|had been)\s+quoted\s+as\s+saying|(?:went|goes)\s+on|pointed\s+out|said|says|declared|declares|added|adds|told|tells|warned|warns|insisted|insists|stated|states|urged|urges|asked|asks|replied|replies|explained|explains|continued|continues|noted|notes|argued|argues|claimed|claims|announced|announces|admitted|admits|wrote|writes|tweeted|tweets|posted|commented|comments|observed|observes|recalled|recalls|concluded|responded|answered|stressed|stresses|emphasised|emphasized|conceded|concedes|suggested|suggests|vowed|pledged|remarked|acknowledged|agreed|agrees|cautioned|confirmed|joked|jokes|maintained|predicted|promised|reflected|reflects|revealed|boasted|complained|pleaded|protested|demanded|fumed|raged|blasted|slammed|quipped|beamed|gushed|sighed|laughed|smiled|sobbed|snapped|thundered|mused|recounted|lamented|reiterated|repeated|asserted|countered|retorted|exclaimed|enthused|bragged|grumbled|muttered|hit\s+(?:out|back))`;
/** Participles that hand a quote to the subject of their sentence: "…, adding: "…"". */
export const PARTICIPLE_VERB = String.raw`(?:adding|saying|telling|writing|declaring|warning|insisting|explaining|stating|noting|concluding|recalling)`;
/**
 * Verbs after which a quoted span is words said aloud or written, even with no speaker:
 * "chanting "Stop the war"", "One banner read: "…"". A span after any other word is a phrase
 * borrowed into a sentence ("the so-called "peace plan"") and is not offered as a quote.
 */
export const SPEECH_ACT = new RegExp(
  String.raw`(?:^|\s)(?:${VERB}|${PARTICIPLE_VERB}|chant(?:s|ed|ing)?|shout(?:s|ed|ing)?|sang|sings?|singing|read|reads|reading|cr(?:y|ies|ied|ying)|yell(?:s|ed|ing)|whisper(?:s|ed|ing)|scream(?:s|ed|ing)|simply|reply|replying)\s*[:,]?\s*$`,
  'iu',
);
/** Small words allowed between speaker and verb: "Mr Obama then said", "Putin angrily declared", "has said". */
export const AUX = String.raw`(?:(?:has|had|have|also|then|later|once|would|will|only|simply|(?!(?:family|ally|assembly|supply|rally|bully|reply|tally)\s)\p{Ll}{2,}ly)\s+)`;

/**
 * Nouns for a person by what they do or who they are to someone: the head of a role speaker
 * ("a ministry spokesperson", "the coroner", "his barrister") and of the description in front
 * of a name ("senior coroner Helen Stowe"). No common given name is listed ("dean", "hunter"):
 * a word here that opens a capitalised run is dropped from the name.
 */
export const ROLE_NOUNS = new Set(
  (
    'spokesman spokeswoman spokesperson spokespeople official officials source sources minister ministers secretary chancellor ' +
    'president premier leader leaders chief chiefs commander commanders officer officers general admiral head director chairman ' +
    'chairwoman chair chairperson executive boss manager coach captain skipper judge coroner prosecutor barrister lawyer lawyers ' +
    'solicitor recorder magistrate sheriff detective inspector superintendent constable sergeant forecaster forecasters ' +
    'meteorologist aide aides adviser advisers advisor insider insiders diplomat diplomats ambassador envoy negotiator analyst ' +
    'analysts expert experts researcher researchers professor lecturer academic doctor doctors surgeon nurse paramedic medic ' +
    'witness witnesses neighbour neighbours resident residents relative relatives friend friends mother father wife husband son ' +
    'daughter sister brother widow widower grandmother grandfather partner veteran veterans soldier soldiers sailor sailors pilot ' +
    'pilots marine marines commando commandos airman crew councillor mp mps peer mayor governor striker midfielder defender ' +
    'goalkeeper referee player players organiser organisers campaigner campaigners activist activists protester protesters worker ' +
    'workers owner landlord teacher headteacher pupil student students victim survivor survivors passenger passengers driver ' +
    'engineer engineers scientist scientists economist historian author member members representative representatives deputy ' +
    'trustee founder editor correspondent reporter presenter broadcaster convener counsel submariner boxer athlete instructor ' +
    'trainee recruit recruits reservist reservists gunner sapper firefighter firefighters controller operator strategist ' +
    'commentator journalist candidate commissioner ombudsman farmer fisherman shopkeeper trader traders publican barber ' +
    'commandant gurkha gurkhas guardsman guardsmen loadmaster chaplain padre cadet cadets rating ratings ministerial mother-of-two ' +
    'father-of-two mum dad families family people person man woman men women boy girl couple pair parents children spouse fiancee ' +
    'fiancée girlfriend boyfriend colleagues comrades bystander eyewitness onlooker passer-by locals villager villagers headmaster ' +
    'headmistress landlady'
  ).split(' '),
);

/** Nouns for organisations and groups that speak as one: "the ministry said", "the Marines added". */
export const ORG_NOUNS = new Set(
  (
    'ministry department mod government council police force forces service agency authority army navy raf marines corps ' +
    'regiment battalion brigade division unit squadron fleet command committee commission inquiry panel court tribunal union ' +
    'unions party charity company firm club federation association institute trust board organisation group campaign office ' +
    'kremlin pentagon whitehall treasury embassy school university hospital nhs airline network team league household palace ' +
    'street garrison station base yard shipyard manufacturer maker supplier contractor operator coastguard rnli'
  ).split(' '),
);

/** Documents whose words a quote may be credited to: "the statement added" means whoever issued it. */
export const DOCUMENT_NOUNS = new Set(['statement', 'letter', 'report', 'post', 'tweet', 'message', 'email', 'memo', 'release', 'ruling']);

/** Things that carry words but never speak: "One banner read", "A card on one wreath said". */
export const NON_SPEAKERS = new Set(
  'card cards banner banners placard placards sign signs inscription plaque wreath poster posters slogan graffiti headline t-shirt shirt note label leaflet flag sticker billboard screen caption song chant'.split(
    ' ',
  ),
);

/**
 * Lower-case words that may stand in the description in front of a name ("Tory former defence
 * minister", "group manager", "hotel owner"), with ROLE_NOUNS and ORG_NOUNS. Any other
 * lower-case word ends the description: in "met veteran MP John Smith", "met" is not part of it.
 */
const MODIFIERS = new Set(
  (
    'former ex veteran senior junior shadow deputy acting retired serving outgoing incoming interim new chief lead local fellow ' +
    'assistant principal general national regional county district town city parish party opposition defence security foreign home ' +
    'health education transport justice climate energy business trade culture sport armed military naval air police crime ' +
    'intelligence cyber housing procurement nuclear policy affairs international european press communications media public social ' +
    'medical legal financial commercial technical operations programme project research club football rugby cricket boxing ' +
    'athletics rowing sailing world olympic commonwealth independent managing commanding flag staff warrant ' +
    'platoon section troop wing flight duty consultant emergency trauma weather fire rescue ambulance coastguard lifeboat hotel shop ' +
    'bar restaurant farm station group watch mountain maritime strategic naval events global area branch site chief-of-staff ' +
    "defence-industry industry union trades shipbuilding shipyard yard team squad youth women's men's under-21 head personal private " +
    'parliamentary select committee lord high crown'
  ).split(' '),
);

/** The whitespace-separated words of a reference. */
export function words(ref: string): string[] {
  return ref.split(/\s+/).filter((w) => w !== '');
}

/** True for an honorific or rank title, with or without its full stop ("Dr", "Lt."). */
export function isTitle(word: string): boolean {
  return TITLES.has(word.replace(/\.$/, ''));
}

/** Honorifics that say nothing of a role: kept out of a speaker's description ("Sir", "Mrs"). */
export function isHonorific(word: string): boolean {
  return HONORIFICS.has(word.replace(/\.$/, ''));
}

/** True when a speaker reference is a personal pronoun that can stand for a speaker. */
export function isPronoun(ref: string): boolean {
  return /^(he|she|they|it)$/i.test(ref);
}

/** True for a possessive word ("Obama's", "Jones'"), which is never the person it precedes. */
export function isPossessive(word: string): boolean {
  return /\p{L}['’]s$|s['’]$/u.test(word);
}

/** A lower-cased word stripped of its possessive and of punctuation at either end. */
export function bareWord(word: string): string {
  return word
    .toLowerCase()
    .replace(/['’]s$|['’]$/, '')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** A word that may describe a speaker: a role or organisation noun, or one of the modifiers. */
export function isDescriptorWord(word: string): boolean {
  const w = bareWord(word);
  return ROLE_NOUNS.has(w) || ORG_NOUNS.has(w) || MODIFIERS.has(w) || /^\d+-year-old$/.test(w);
}

/** A name particle on its own ("al", "van"): part of a name, but never all of one. */
export const PARTICLE_WORD = new RegExp(String.raw`^${PARTICLE}$`, 'u');
const NAME_WORD = new RegExp(String.raw`^(?:\p{Lu}\.|${PREFIX}?\p{Lu}[\p{L}'’-]*)$`, 'u');

/** A word that can be part of a person's name: capitalised with some lower case ("UN", "HMS", "F-" are not), an initial, or a particle. */
export function isNameWord(word: string): boolean {
  if (PARTICLE_WORD.test(word)) return true;
  if (!NAME_WORD.test(word)) return false;
  return /^\p{Lu}\.$/u.test(word) || (/\p{Ll}/u.test(word) && !/\p{Lu}{2}/u.test(word) && !/-$/.test(word));
}
