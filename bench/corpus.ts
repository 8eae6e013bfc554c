import type { ArticleInput } from '../src/domain/articles/index.js';
import type { Services } from '../src/services.js';
import { systemActor } from '../src/domain/access/index.js';

/** The benchmark's archive is written by the system, as an import would be. */
const CORPUS = systemActor('benchmark corpus');

/** Names the demo outlet already has: the corpus reuses them so listings and topic pages fill up. */
const SECTIONS = ['Army', 'Navy', 'RAF', 'Tri-Service'];
const AUTHORS = ['Eleanor Marsh', 'Callum Reid', 'Dr Ruth Adebayo'];
const TOPICS = [
  'Russia',
  'Ukraine',
  'NATO',
  'Ministry of Defence',
  'British Army',
  'Army Reserve',
  'Royal Navy',
  'Royal Marines',
  'Royal Air Force',
  'HMS Prince of Wales',
  'Carrier Strike Group',
  'F-35',
  'Typhoon',
  'Drones',
  'Autonomous systems',
  'Recruitment',
  'Estonia',
  'Baltic states',
  'Syria',
  'United Nations',
];
const SERIES = 'Battlefield Brief';

const ACTORS = [
  'Ministers',
  'Commanders',
  'The Navy',
  'The RAF',
  'Army chiefs',
  'NATO allies',
  'Defence officials',
  'Reservists',
  'Engineers',
  'Crews',
];
const VERBS = ['test', 'review', 'order', 'trial', 'expand', 'deploy', 'scrap', 'rethink', 'fund', 'delay', 'upgrade', 'train with'];
const OBJECTS = [
  'new drones',
  'a carrier group',
  'tank upgrades',
  'air defences',
  'recruitment rules',
  'training ranges',
  'sonar systems',
  'a Baltic exercise',
  'night-flying drills',
  'spare parts contracts',
  'cyber units',
  'housing plans',
];
const PLACES = [
  'in Estonia',
  'off Norway',
  'on Salisbury Plain',
  'in the North Sea',
  'at Lossiemouth',
  'in Cyprus',
  'at Portsmouth',
  'near the Arctic',
  'in Wales',
  'at Brize Norton',
];
const SENTENCES = [
  'Officials said the decision followed months of trials and would be reviewed again next year.',
  'The change affects several thousand personnel across the three services.',
  'Critics argue that the money would be better spent on maintaining existing equipment.',
  'A spokesperson for the Ministry of Defence said the plans were "on track and within budget".',
  'Allies in the region have asked for more detail on how the forces will be supported.',
  'Training will begin in the spring, with the first units ready by the end of the year.',
  'The programme has already faced delays, partly because of supply chain problems.',
  'Commanders say the lessons from Ukraine have changed how they think about drones.',
  'The exercise involved ships, aircraft and around 2,000 troops from eight nations.',
  'Recruiters hope the new rules will shorten the time it takes to join by several weeks.',
  'Engineers had to adapt the software so that it could run on older hardware.',
  'The report also warned about the state of service accommodation in some areas.',
];

/** A small deterministic PRNG (mulberry32): the same corpus every run, so runs compare. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const some = <T>(list: readonly T[], min: number, max: number): T[] => {
    const n = min + Math.floor(next() * (max - min + 1));
    return [...list].sort(() => next() - 0.5).slice(0, n);
  };
  return { next, pick, some };
}

/** A body of about the demo articles' length (3-5 KB): paragraphs, a sub-heading, a link, a quote. */
function body(rng: ReturnType<typeof random>, place: string): { markdown: string; quote: string } {
  const paragraph = () => rng.some(SENTENCES, 3, 5).join(' ');
  const quote = `We have learned a great deal from this work ${place}, and we will keep learning.`;
  const parts = [
    paragraph(),
    paragraph(),
    `"${quote}" - a senior officer said.`,
    paragraph(),
    '## What happens next',
    `${paragraph()} Read the [official statement](https://www.gov.uk/government/organisations/ministry-of-defence) for details.`,
    paragraph(),
    '> The forces have to be ready for the fight they may face, not the one they trained for.\n>\n> — A former commander',
    paragraph(),
    paragraph(),
  ];
  return { markdown: parts.join('\n\n'), quote };
}

/**
 * Adds `count` published articles to the demo outlet through the same service an editor uses.
 * They are dated before the demo stories, so the demo's seed article and front page lead stay
 * as they are while listings, rails and pagination get a realistic archive behind them.
 */
export async function generateCorpus(services: Services, count: number, seed = 20261127): Promise<number> {
  const rng = random(seed);
  const newest = Date.parse('2026-11-10T00:00:00Z');
  const headlines: string[] = [];
  for (let i = 0; i < count; i++) {
    const place = rng.pick(PLACES);
    const headline = `${rng.pick(ACTORS)} ${rng.pick(VERBS)} ${rng.pick(OBJECTS)} ${place}`;
    const { markdown, quote } = body(rng, place);
    const input: ArticleInput = {
      section: SECTIONS[i % SECTIONS.length]!,
      headline,
      standfirst: `${rng.pick(SENTENCES)} ${rng.pick(SENTENCES)}`,
      bodyMarkdown: markdown,
      authors: rng.some(AUTHORS, 1, 2),
      topics: rng.some(TOPICS, 2, 5),
      series: i % 25 === 0 ? SERIES : null,
      hero: i % 2 === 0 ? { url: `/media/corpus-${i}.jpg`, alt: `Illustration for ${headline}`, caption: place, credit: 'Despatch' } : null,
      pullQuotes: i % 3 === 0 ? [{ text: quote, speaker: 'A senior officer' }] : [],
      // Teasers naming earlier corpus stories, so the teaser join has matches to find.
      teasers: headlines.length > 0 ? rng.some(headlines.slice(-50), 0, 2) : [],
      status: 'published',
      // About two years of archive, one story every ~8 hours, newest first.
      publishedAt: new Date(newest - (i + 1) * 8 * 3600_000 - Math.floor(rng.next() * 3600_000)).toISOString(),
    };
    await services.articles.createArticle(CORPUS, input);
    headlines.push(headline);
  }
  return count;
}
