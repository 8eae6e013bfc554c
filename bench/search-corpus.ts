/**
 * The search benchmark's archive: articles of about 600 words of British defence reporting,
 * made from word lists by a seeded PRNG, so every run (and both databases) searches the same
 * text. Word frequencies are uneven on purpose, as in a real archive: "troops", "ministry"
 * and "defence" are in most stories, places and equipment in a few per cent, and each of the
 * RARE names (an exercise, a ship, an officer, a weapon) in about one story in a thousand.
 */

/** The sections the archive is filed in; the bench creates them and filters on their slugs. */
export const SEARCH_SECTIONS = ['Army', 'Navy', 'RAF', 'Tri-Service'] as const;

/** The archive's stories are spread evenly over these five years, whatever their number, so date filters select the same share. */
const FIRST = Date.parse('2021-11-01T00:00:00.000Z');
const LAST = Date.parse('2026-11-01T00:00:00.000Z');

/** Chance that a story names one of the RARE names: each name then appears in about 0.1% of stories. */
const RARE_SHARE_EACH = 0.001;

/** One generated story, as the tables hold it. */
export interface GeneratedArticle {
  /** Index into SEARCH_SECTIONS. */
  section: number;
  headline: string;
  standfirst: string;
  bodyMarkdown: string;
  publishedAt: string;
  words: number;
}

/** A small deterministic PRNG (mulberry32), as bench/corpus.ts uses. */
export function searchRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  /** Early entries far more often than late ones: a long tail, as real word use has. */
  const skewed = <T>(list: readonly T[]): T => list[Math.floor(list.length * next() ** 1.8)]!;
  /** A random UUID-shaped id from the stream, so ids (and the rebuild's id order) repeat too. */
  const uuid = () => {
    const hex = Array.from({ length: 4 }, () =>
      Math.floor(next() * 4294967296)
        .toString(16)
        .padStart(8, '0'),
    ).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  return { next, int, pick, skewed, uuid };
}

type Rng = ReturnType<typeof searchRandom>;

/** What a section's stories are about. */
interface Beat {
  /** Plural or collective subjects for body sentences ("… said", "… completed"). */
  subjects: string[];
  /** Singular subjects for headlines ("Army orders …"). */
  headlineSubjects: string[];
  units: string[];
  equipment: string[];
  places: string[];
}

const BEATS: Beat[] = [
  {
    subjects: [
      'The Army',
      'Army chiefs',
      'Commanders',
      'Infantry battalions',
      'The Royal Engineers',
      'Reservists',
      'Paratroopers',
      'Gunners from the Royal Artillery',
      'The Household Cavalry',
      'The Chief of the General Staff',
    ],
    headlineSubjects: ['Army', 'British Army', 'Royal Engineers', 'Parachute Regiment', 'Army Reserve'],
    units: [
      'the Royal Anglian Regiment',
      'the Parachute Regiment',
      'the Rifles',
      'the Royal Welsh',
      '16 Air Assault Brigade',
      'the Royal Tank Regiment',
      '1st Armoured Infantry Brigade',
      'the Royal Logistic Corps',
      'the Royal Gurkha Rifles',
      '3rd (UK) Division',
      'the Scots Guards',
      'the Light Dragoons',
    ],
    equipment: [
      'Boxer armoured vehicles',
      'Challenger 3 tanks',
      'Ajax reconnaissance vehicles',
      'Archer howitzers',
      'Javelin missiles',
      'Sky Sabre air defence systems',
      'NLAW launchers',
      'Foxhound patrol vehicles',
      'Apache helicopters',
      'loitering munitions',
      'night-vision goggles',
      'counter-drone jammers',
    ],
    places: [
      'on Salisbury Plain',
      'in Estonia',
      'at Catterick',
      'at Tidworth',
      'in Poland',
      'in Kenya',
      'at Sennybridge',
      'at Otterburn',
      'at Larkhill',
      'in Brecon',
      'in Belize',
      'in Lithuania',
    ],
  },
  {
    subjects: [
      'The Royal Navy',
      'Naval commanders',
      'Sailors',
      'Royal Marines',
      'The carrier strike group',
      'Submariners',
      'The fleet',
      'The First Sea Lord',
      'Crews from the Fleet Air Arm',
    ],
    headlineSubjects: ['Royal Navy', 'Navy', 'Royal Marines', 'First Sea Lord', 'Carrier strike group'],
    units: [
      'HMS Prince of Wales',
      'HMS Queen Elizabeth',
      'HMS Richmond',
      'HMS Duncan',
      'HMS Dragon',
      'HMS Somerset',
      'HMS Albion',
      'HMS Anson',
      'RFA Tidespring',
      '40 Commando',
      '42 Commando',
      'the Fleet Air Arm',
    ],
    equipment: [
      'Type 26 frigates',
      'Type 45 destroyers',
      'Astute-class submarines',
      'nuclear-powered submarines',
      'Type 31 frigates',
      'F-35B jets',
      'Merlin helicopters',
      'Sea Ceptor missiles',
      'Wildcat helicopters',
      'uncrewed minehunters',
      'Dreadnought submarines',
      'sonar arrays',
    ],
    places: [
      'in the North Sea',
      'off Norway',
      'at Portsmouth',
      'at Devonport',
      'in the Mediterranean',
      'at Faslane',
      'in the Gulf',
      'in the Red Sea',
      'in the High North',
      'in the Indo-Pacific',
      'in the English Channel',
      'off Gibraltar',
    ],
  },
  {
    subjects: [
      'The RAF',
      'RAF crews',
      'Pilots',
      'Ground crews',
      'Air commanders',
      'The Red Arrows',
      'The Chief of the Air Staff',
      'Engineers at Air Command',
    ],
    headlineSubjects: ['RAF', 'Royal Air Force', 'Red Arrows', 'Air Command', 'RAF Regiment'],
    units: [
      'IX(B) Squadron',
      'XI Squadron',
      '617 Squadron',
      '1(F) Squadron',
      'the RAF Regiment',
      '101 Squadron',
      'the Quick Reaction Alert force',
      'II(AC) Squadron',
      '207 Squadron',
      '47 Squadron',
    ],
    equipment: [
      'Typhoon jets',
      'F-35 Lightning jets',
      'Voyager tankers',
      'A400M Atlas transports',
      'P-8 Poseidon patrol aircraft',
      'E-7 Wedgetail aircraft',
      'Protector drones',
      'Chinook helicopters',
      'Meteor missiles',
      'Reaper drones',
      'Hawk trainers',
      'Shadow surveillance aircraft',
    ],
    places: [
      'at Lossiemouth',
      'at Coningsby',
      'at Brize Norton',
      'at Marham',
      'in Romania',
      'in Cyprus',
      'at Waddington',
      'over the Baltic',
      'at Akrotiri',
      'in Iceland',
      'at Valley',
      'over the Black Sea',
    ],
  },
  {
    subjects: [
      'The Ministry of Defence',
      'Ministers',
      'Defence officials',
      'NATO allies',
      'The Defence Secretary',
      'The Treasury',
      'MPs on the Defence Committee',
      'The National Audit Office',
      'Industry leaders',
      'The Chief of the Defence Staff',
    ],
    headlineSubjects: ['MoD', 'Defence Secretary', 'Government', 'Treasury', 'NATO'],
    units: [
      'Strategic Command',
      'the Joint Expeditionary Force',
      'Defence Equipment and Support',
      'the Armed Forces',
      'UK Space Command',
      'the National Cyber Force',
      'Permanent Joint Headquarters',
      'the Defence Science and Technology Laboratory',
    ],
    equipment: [
      'the defence budget',
      'the Strategic Defence Review',
      'the procurement programme',
      'service housing',
      'the recruitment contract',
      'cyber defences',
      'munitions stockpiles',
      'the shipbuilding pipeline',
      'the nuclear deterrent',
      'military pay',
      'veterans services',
      'space programmes',
    ],
    places: [
      'in Whitehall',
      'in Brussels',
      'in Westminster',
      'at Northwood',
      'in Washington',
      'at the NATO summit',
      'in Kyiv',
      'in Tallinn',
      'in Warsaw',
      'at Abbey Wood',
      'in Canberra',
      'in Tokyo',
    ],
  },
];

const VERBS_PAST = [
  'completed trials of',
  'began work on',
  'tested',
  'trialled',
  'reviewed',
  'ordered',
  'deployed',
  'upgraded',
  'delayed work on',
  'expanded orders for',
  'inspected',
  'demonstrated',
  'rehearsed with',
  'paused',
  'scrapped',
  'funded',
];
const VERBS_HEADLINE = [
  'orders',
  'tests',
  'trials',
  'deploys',
  'reviews',
  'upgrades',
  'delays',
  'expands',
  'scraps',
  'rethinks',
  'funds',
  'rushes',
];
const ACTIVITIES = [
  'trained',
  'exercised',
  'deployed',
  'patrolled',
  'practised live firing',
  'took part in drills',
  'worked alongside allied forces',
  'rehearsed amphibious landings',
  'spent six weeks',
  'completed winter training',
];
const PEOPLE = [
  'Colonel James Whitfield',
  'Lieutenant Colonel Sarah Okafor',
  'Major Tom Hargreaves',
  'Commander Priya Nair',
  'Wing Commander Dan Pryce',
  'Captain Fiona McLeod',
  'Air Marshal Harvey Smyth',
  'General Sir Roly Walker',
  'Admiral Sir Ben Key',
  'John Healey',
  'Luke Pollard',
  'Maria Eagle',
  'Professor Malcolm Chalmers',
  'Justin Bronk',
  'Dr Sidharth Kaushal',
  'Tan Dhesi',
];
const ROLES = [
  'the commanding officer',
  'a defence analyst at RUSI',
  'the Defence Secretary',
  'the armed forces minister',
  'the procurement minister',
  'a senior officer',
  'the exercise director',
  'a former chief of staff',
  'chair of the Defence Committee',
  'a research fellow at the International Institute for Strategic Studies',
];
const CLAUSES = [
  'the lessons would be shared across the force',
  'the pace of change had surprised even seasoned planners',
  'recruitment remained the biggest challenge facing the services',
  'the money had to be spent quickly to make a difference',
  'allies were watching closely',
  'the threat from Russia had not gone away',
  'drones had changed the battlefield for good',
  'training had to be more realistic than before',
  'the budget left little room for new equipment',
  'the government would set out its plans in the spring',
  'military housing was still not good enough',
  'the deployment showed what the forces could do at short notice',
];
const QUOTES = [
  'on track and within budget',
  'a vital step for the security of the United Kingdom',
  'the most demanding training our people have faced in years',
  'a clear signal to our allies and adversaries alike',
  'under constant review',
  'essential if we are to keep pace with the threat',
  'good value for the taxpayer',
  'a priority for the whole of government',
];
const PROGRAMMES = [
  'programme',
  'deployment',
  'exercise',
  'upgrade',
  'contract',
  'review',
  'trial',
  'recruitment drive',
  'training package',
  'air defence plan',
];
const SOURCES = [
  'the National Audit Office',
  'the Treasury',
  'the Defence Committee',
  'ministry figures',
  'a parliamentary answer',
  'the annual report',
];
const FILLER = [
  'Officials said the decision followed months of trials and would be reviewed again next year.',
  'The change affects several thousand personnel across the three services.',
  'Critics argue that the money would be better spent on maintaining existing equipment.',
  'Allies in the region have asked for more detail on how the forces will be supported.',
  'Training will begin in the spring, with the first units ready by the end of the year.',
  'The programme has already faced delays, partly because of supply chain problems.',
  'Commanders say the lessons from Ukraine have changed how they think about drones.',
  'Recruiters hope the new rules will shorten the time it takes to join by several weeks.',
  'Engineers had to adapt the software so that it could run on older hardware.',
  'The report also warned about the state of service accommodation in some areas.',
  'The war in Ukraine has pushed European governments to rebuild their stocks of artillery shells.',
  'Russian aircraft have been intercepted near British airspace several times this year.',
  'Air defence has become a priority since drone strikes on cities became routine.',
  'The armed forces have struggled to recruit and keep specialists such as engineers and pilots.',
  'Military planners have been told to prepare for a war that could last years rather than weeks.',
  'The government insists the forces will have the equipment they need.',
  'Opposition MPs called for a statement in the Commons.',
  'Industry sources said the order would secure hundreds of jobs in the north of England.',
  'The Strategic Defence Review is expected to recommend changes to how equipment is bought.',
  'Several NATO members have promised to spend more on defence by the end of the decade.',
  'The cost of the upgrade has risen by a third since it was first announced.',
  'Veterans groups welcomed the announcement but said more support was needed.',
  'Satellite images published last month showed new construction at the base.',
  'A drone strike on the port damaged two vessels and a fuel depot.',
  'Cyber attacks on military networks have risen sharply, officials said.',
  'The carrier strike group is expected to sail again in the autumn.',
  'Soldiers described the conditions as cold, wet and exhausting.',
  'Ministers have promised to publish the full figures later this year.',
  'The unit will be based in the north of the country for at least six months.',
  'Further trials are planned before a final decision is taken.',
];
const SUBHEADINGS = ['What happens next', 'The cost', 'What allies say', 'Background', 'Lessons learned', 'The numbers', 'Reaction'];
const HEADLINE_TAILS = [
  'face further delay',
  'cleared for service',
  'to be upgraded',
  'sent to allies',
  'tested in freezing conditions',
  'costs rise again',
];

/** Names in about one story in a thousand each: what a reader searches for to find a handful of stories. */
const RARE: Array<{ kind: 'exercise' | 'ship' | 'person' | 'system'; name: string }> = [
  { kind: 'exercise', name: 'Exercise Iron Wyvern' },
  { kind: 'exercise', name: 'Exercise Silent Kestrel' },
  { kind: 'exercise', name: 'Exercise Northern Lantern' },
  { kind: 'exercise', name: 'Exercise Granite Halberd' },
  { kind: 'exercise', name: 'Exercise Winter Basilisk' },
  { kind: 'exercise', name: 'Exercise Copper Gauntlet' },
  { kind: 'ship', name: 'HMS Brocklesby' },
  { kind: 'ship', name: 'HMS Cattistock' },
  { kind: 'ship', name: 'HMS Ledbury' },
  { kind: 'ship', name: 'HMS Quorn' },
  { kind: 'ship', name: 'HMS Gleaner' },
  { kind: 'ship', name: 'HMS Medusa' },
  { kind: 'person', name: 'Commodore Tregaskis' },
  { kind: 'person', name: 'Brigadier Oyelaran' },
  { kind: 'person', name: 'Air Commodore Fenwick-Lowe' },
  { kind: 'person', name: 'Major General Abernethy' },
  { kind: 'system', name: 'Thornback' },
  { kind: 'system', name: 'Skyhammer' },
  { kind: 'system', name: 'Wraithnet' },
  { kind: 'system', name: 'Stormglass' },
];

function rareSentence(rng: Rng, rare: (typeof RARE)[number], beat: Beat): string {
  switch (rare.kind) {
    case 'exercise':
      return rng.next() < 0.5
        ? `${rare.name} brought together ${rng.int(3, 40) * 100} personnel from ${rng.int(3, 12)} nations ${rng.pick(beat.places)}.`
        : `Planners said ${rare.name} would be repeated next year with more ${rng.pick(beat.equipment)}.`;
    case 'ship':
      return rng.next() < 0.5
        ? `${rare.name} returned to port after ${rng.int(3, 9)} months at sea ${rng.pick(beat.places)}.`
        : `The crew of ${rare.name} had spent weeks clearing mines and surveying the seabed.`;
    case 'person':
      return `${rare.name} said ${rng.pick(CLAUSES)}.`;
    case 'system':
      return `The ${rare.name} system is due to enter service in ${rng.int(2027, 2032)}, ${rng.int(1, 4)} years later than planned.`;
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One body sentence; the weights make "troops", "ministry" and "defence" common words. */
function sentence(rng: Rng, beat: Beat): string {
  const roll = rng.next();
  if (roll < 0.32) return rng.skewed(FILLER);
  if (roll < 0.46)
    return `${rng.skewed(beat.subjects)} ${rng.skewed(VERBS_PAST)} ${rng.skewed(beat.equipment)} ${rng.skewed(beat.places)}, ${rng.pick(SOURCES)} said.`;
  if (roll < 0.49)
    return `About ${rng.int(2, 60) * 50} troops from ${rng.skewed(beat.units)} ${rng.pick(ACTIVITIES)} ${rng.skewed(beat.places)} as part of the ${rng.pick(PROGRAMMES)}.`;
  if (roll < 0.53) return `A Ministry of Defence spokesperson said the ${rng.pick(PROGRAMMES)} was "${rng.pick(QUOTES)}".`;
  if (roll < 0.67) return `${rng.skewed(PEOPLE)}, ${rng.pick(ROLES)}, said ${rng.skewed(CLAUSES)}.`;
  if (roll < 0.79)
    return `${capitalise(rng.skewed(beat.equipment))} operated by ${rng.pick(beat.units)} will remain in service until ${rng.int(2028, 2045)}.`;
  if (roll < 0.89)
    return `The ${rng.pick(PROGRAMMES)} will cost £${rng.int(2, 900)} million over ${rng.int(2, 10)} years, according to ${rng.pick(SOURCES)}.`;
  if (roll < 0.985)
    return `${rng.skewed(beat.subjects)} said defence spending would rise to ${(2 + rng.int(0, 15) / 10).toFixed(1)} per cent of national income.`;
  return `Troops ${rng.pick(beat.places)} are expected to be joined by allies from ${rng.pick(['Norway', 'Finland', 'Sweden', 'the Netherlands', 'Germany', 'France', 'the United States', 'Canada'])}.`;
}

/** Words in a piece of text: its spaces, plus one. */
function wordCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf(' '); i !== -1; i = text.indexOf(' ', i + 1)) n++;
  return n;
}

/** The generator of one archive: call `next()` once per story, in order, for the same stories every run. */
export function searchCorpus(count: number, seed = 20261214) {
  const rng = searchRandom(seed);
  const ids = searchRandom(seed ^ 0x5eed);
  const span = (LAST - FIRST) / Math.max(count, 1);
  let i = 0;
  return {
    /** A deterministic article id (UUID-shaped). */
    nextId: () => ids.uuid(),
    next(): GeneratedArticle {
      const index = i++;
      const section = index % BEATS.length;
      const beat = BEATS[section]!;
      const rare = rng.next() < RARE.length * RARE_SHARE_EACH ? rng.pick(RARE) : null;

      let headline: string;
      const style = rng.next();
      if (rare && style < 0.5)
        headline =
          rare.kind === 'system'
            ? `${rare.name} ${rng.pick(HEADLINE_TAILS)}`
            : `${rare.name} ${rng.pick(['under way', 'ends early', 'draws record numbers', 'makes history'])}`;
      else if (style < 0.55)
        headline = `${rng.skewed(beat.headlineSubjects)} ${rng.pick(VERBS_HEADLINE)} ${rng.skewed(beat.equipment)} ${rng.skewed(beat.places)}`;
      else if (style < 0.8) headline = `${capitalise(rng.skewed(beat.equipment))} ${rng.pick(HEADLINE_TAILS)}`;
      else headline = `${rng.int(2, 40) * 50} troops head for exercise ${rng.skewed(beat.places)}`;
      const standfirst = `${sentence(rng, beat)} ${rng.skewed(FILLER)}`;

      const target = rng.int(560, 640);
      const paragraphs: string[] = [];
      let words = 0;
      let rareLeft = rare ? rng.int(1, 3) : 0;
      while (words < target) {
        const sentences: string[] = [];
        for (let n = rng.int(3, 6); n > 0 && words < target; n--) {
          const s = rareLeft > 0 && rng.next() < 0.15 ? (rareLeft--, rareSentence(rng, rare!, beat)) : sentence(rng, beat);
          sentences.push(s);
          words += wordCount(s);
        }
        paragraphs.push(sentences.join(' '));
        if (paragraphs.length === 3) paragraphs.push(`## ${rng.pick(SUBHEADINGS)}`);
      }
      // A rare name the dice left out still goes in: the story is about it.
      if (rareLeft > 0) paragraphs.push(rareSentence(rng, rare!, beat));
      const at = new Date(LAST - (index + 1) * span + Math.floor(rng.next() * span * 0.5)).toISOString();
      return { section, headline, standfirst, bodyMarkdown: paragraphs.join('\n\n'), publishedAt: at, words };
    },
  };
}
