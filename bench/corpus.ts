import type { Executor } from '../src/db/schema.js';
import { systemActor } from '../src/domain/access/index.js';
import { nameKey, slugify } from '../src/kernel/slugs.js';
import type { Services } from '../src/services.js';

/**
 * Bump when what `writeCorpus` writes changes (words, dates, rows), or the demo outlet does:
 * bench/run.ts keys its cached databases by this and the article count.
 */
export const CORPUS_VERSION = 1;

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

/** One generated story, by the names of what it belongs to. */
export interface CorpusStory {
  id: string;
  slug: string;
  section: string;
  series: string | null;
  headline: string;
  standfirst: string;
  bodyMarkdown: string;
  authors: string[];
  topics: string[];
  hero: { url: string; alt: string; caption: string; credit: string } | null;
  pullQuotes: Array<{ id: string; text: string; speaker: string }>;
  teasers: string[];
  publishedAt: string;
}

/** The newest corpus story is dated before the demo's stories, so the demo's seed article and front page lead stay as they are. */
const NEWEST = Date.parse('2026-11-10T00:00:00Z');
const HOUR = 3600_000;
/** One story every ~8 hours, or closer when that would reach back more than ten years. */
const spacingMs = (count: number) => Math.min(8 * HOUR, (10 * 365 * 24 * HOUR) / Math.max(count, 1));

/** What every corpus article id starts with: ids are valid UUIDs, the same every run, and tell corpus rows from the demo's. */
export const CORPUS_ID_PREFIX = 'c0000000-0000-4000-8000-';
const corpusId = (i: number) => `${CORPUS_ID_PREFIX}${i.toString(16).padStart(12, '0')}`;
const pullQuoteId = (i: number) => `d0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** The `count` stories of the corpus, newest first, the same every run for a given seed. */
export function* corpusStories(count: number, seed = 20261127): Generator<CorpusStory> {
  const rng = random(seed);
  const spacing = spacingMs(count);
  const recent: string[] = [];
  for (let i = 0; i < count; i++) {
    const place = rng.pick(PLACES);
    const headline = `${rng.pick(ACTORS)} ${rng.pick(VERBS)} ${rng.pick(OBJECTS)} ${place}`;
    const { markdown, quote } = body(rng, place);
    const story: CorpusStory = {
      id: corpusId(i),
      // Headlines repeat across a large archive; the number keeps each slug unique.
      slug: `${slugify(headline)}-${i + 1}`,
      section: SECTIONS[i % SECTIONS.length]!,
      series: i % 25 === 0 ? SERIES : null,
      headline,
      standfirst: `${rng.pick(SENTENCES)} ${rng.pick(SENTENCES)}`,
      bodyMarkdown: markdown,
      authors: rng.some(AUTHORS, 1, 2),
      topics: rng.some(TOPICS, 2, 5),
      hero: i % 2 === 0 ? { url: `/media/corpus-${i}.jpg`, alt: `Illustration for ${headline}`, caption: place, credit: 'Despatch' } : null,
      pullQuotes: i % 3 === 0 ? [{ id: pullQuoteId(i), text: quote, speaker: 'A senior officer' }] : [],
      // Teasers naming nearby corpus stories, so the teaser join has matches to find.
      teasers: recent.length > 0 ? rng.some(recent, 0, 2) : [],
      publishedAt: new Date(NEWEST - (i + 1) * spacing - Math.floor((rng.next() * spacing) / 2)).toISOString(),
    };
    recent.push(headline);
    if (recent.length > 50) recent.shift();
    yield story;
  }
}

/** Articles per transaction, and rows per INSERT (an article row binds 28 values; SQLite allows 32,766 a statement). */
const ARTICLES_PER_TRANSACTION = 5_000;
const ROWS_PER_STATEMENT = 1_000;

/**
 * Writes the corpus straight into the tables (articles, bodies, authors, topics, pull quotes,
 * teasers), in large transactions of multi-row inserts, as test/helpers/archive.ts does for the
 * search and sitemap benches: the article service would take minutes for 100,000 stories and
 * hours for a million. Rows are what the service writes for a published story; nothing is
 * indexed, announced or audited (the caller rebuilds the search index afterwards).
 */
export async function writeCorpus(
  services: Services,
  db: Executor,
  count: number,
  onProgress: (written: number) => void = () => {},
): Promise<number> {
  const sectionIds = new Map<string, string>();
  for (const name of SECTIONS) sectionIds.set(name, (await services.taxonomy.ensureSection(CORPUS, name)).id);
  const topicIds = new Map<string, string>();
  for (const name of TOPICS) topicIds.set(name, (await services.taxonomy.ensureTopic(CORPUS, name)).id);
  const authorIds = new Map<string, string>();
  for (const name of AUTHORS) authorIds.set(name, (await services.authors.ensureAuthor(CORPUS, name)).id);
  const seriesId = (await services.taxonomy.ensureSeries(CORPUS, SERIES)).id;

  const stories = corpusStories(count);
  let written = 0;
  while (written < count) {
    const batch: CorpusStory[] = [];
    for (let n = 0; n < ARTICLES_PER_TRANSACTION; n++) {
      const next = stories.next();
      if (next.done) break;
      batch.push(next.value);
    }
    await writeBatch(db, batch, { sectionIds, topicIds, authorIds, seriesId });
    written += batch.length;
    onProgress(written);
  }
  return written;
}

async function writeBatch(
  db: Executor,
  stories: CorpusStory[],
  ids: { sectionIds: Map<string, string>; topicIds: Map<string, string>; authorIds: Map<string, string>; seriesId: string },
): Promise<void> {
  const articles = stories.map((s) => ({
    article_id: s.id,
    slug: s.slug,
    section_id: ids.sectionIds.get(s.section)!,
    series_id: s.series ? ids.seriesId : null,
    kicker: null,
    headline: s.headline,
    headline_key: nameKey(s.headline),
    standfirst: s.standfirst,
    byline: null,
    hero_image_url: s.hero?.url ?? null,
    hero_image_alt: s.hero?.alt ?? null,
    hero_image_caption: s.hero?.caption ?? null,
    hero_image_credit: s.hero?.credit ?? null,
    hero_media_id: null,
    status: 'published' as const,
    published_at: s.publishedAt,
    updated_at: s.publishedAt,
    created_at: s.publishedAt,
    import_key: null,
    import_source: null,
    created_by: null,
    version: 1,
    stage: 'writing' as const,
    review_note: null,
    scheduled_for: null,
    embargo_until: null,
    seo_title: null,
    seo_description: null,
  }));
  const bodies = stories.map((s) => ({ article_id: s.id, body_md: s.bodyMarkdown }));
  const authors = stories.flatMap((s) =>
    s.authors.map((name, position) => ({ article_id: s.id, author_id: ids.authorIds.get(name)!, position })),
  );
  const topics = stories.flatMap((s) =>
    s.topics.map((name, position) => ({ article_id: s.id, topic_id: ids.topicIds.get(name)!, position })),
  );
  const quotes = stories.flatMap((s) =>
    s.pullQuotes.map((q, position) => ({ pull_quote_id: q.id, article_id: s.id, position, text: q.text, speaker: q.speaker })),
  );
  const teasers = stories.flatMap((s) =>
    s.teasers.map((headline, position) => ({ article_id: s.id, position, headline, headline_key: nameKey(headline) })),
  );

  const chunks = <T>(rows: T[]) =>
    Array.from({ length: Math.ceil(rows.length / ROWS_PER_STATEMENT) }, (_, c) =>
      rows.slice(c * ROWS_PER_STATEMENT, (c + 1) * ROWS_PER_STATEMENT),
    );
  await db.transaction().execute(async (tx) => {
    for (const rows of chunks(articles)) await tx.insertInto('articles').values(rows).execute();
    for (const rows of chunks(bodies)) await tx.insertInto('article_bodies').values(rows).execute();
    for (const rows of chunks(authors)) await tx.insertInto('article_authors').values(rows).execute();
    for (const rows of chunks(topics)) await tx.insertInto('article_topics').values(rows).execute();
    for (const rows of chunks(quotes)) await tx.insertInto('pull_quotes').values(rows).execute();
    for (const rows of chunks(teasers)) await tx.insertInto('article_teasers').values(rows).execute();
  });
}
