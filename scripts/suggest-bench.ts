/**
 * `npx tsx scripts/suggest-bench.ts`: how long a topic suggestion takes per article, on the seed
 * article and on a generated 600-word article, against about 2,000 topics. Figures, not a test
 * (ARCHITECTURE.md §6: no timing assertions in tests).
 *
 * Reported apart, because the issue's 5 ms budget is met by one and not the other:
 * - matching the outlet's topics (tokenise, two walks of the trie, summary);
 * - compromise finding people, places and organisations (the slow part);
 * - the proposals made from compromise's findings;
 * - compiling the 2,000 topics (once per change of topics, not per article);
 * - the whole service call on a temporary SQLite database (cached index, compromise's findings
 *   not cached: each run's text differs by a word).
 *
 * Environment: SUGGEST_RUNS (200), SUGGEST_TOPICS (2000).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boot } from '../src/boot.js';
import { systemActor } from '../src/domain/access/index.js';
import {
  articleText,
  compileTopicIndex,
  findEntities,
  matchTopics,
  suggestFrom,
  type MatchableTopic,
  type Nlp,
} from '../src/domain/suggestions/index.js';
import { silentLogger } from '../src/kernel/logger.js';

const RUNS = Number(process.env.SUGGEST_RUNS ?? 200);
const TOPICS = Number(process.env.SUGGEST_TOPICS ?? 2000);
// Loaded here, timed: the service loads it the same way on its first proposal.
const loading = performance.now();
const compromise = (await import('compromise')).default as unknown as Nlp;
const loadMs = performance.now() - loading;

/** A small deterministic generator (mulberry32), so every run measures the same texts. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST =
  'James Sarah Mohammed Olena Pierre Ingrid Tomasz Aisha Kenji Maria Lars Fatima Viktor Grace Dmitri Chloe Rahul Helga Omar Nadia'.split(
    ' ',
  );
const LAST =
  'Hartley Kowalski Nakamura Okafor Lindqvist Moreau Petrenko Haddad Fischer Brennan Castillo Ivanova Mensah Rossi Svensson Duarte Novak Karimi Walsh Brandt'.split(
    ' ',
  );
const PLACES =
  'Kharkiv Odesa Tallinn Riga Vilnius Gdansk Narva Tartu Kaunas Lviv Dnipro Zaporizhzhia Sevastopol Mariupol Kherson Mykolaiv'.split(' ');
const ORG_WORDS =
  'Defence Maritime Strategic Joint Allied Northern Baltic Atlantic Royal National Air Land Cyber Space Logistics Intelligence'.split(' ');
const ORG_KINDS = 'Command Agency Council Group Force Institute Office Directorate'.split(' ');
// Names the topic list lacks, for compromise to propose.
const NEW_PEOPLE = ['Alistair Brookfield', 'Marta Oliveira', 'Yusuf Demir', 'Colonel Harriet Vane'];
const NEW_PLACES = ['Constanta', 'Bergen', 'Klaipeda', 'Gotland'];
const SUBJECTS = 'procurement recruitment deterrence air defence logistics training readiness sanctions shipbuilding munitions'.split(' ');

/** About `n` topics: people, places, organisations (with acronyms) and subjects, plus the seed article's. */
function generateTopics(n: number): MatchableTopic[] {
  const topics: MatchableTopic[] = [];
  const add = (name: string, kind: MatchableTopic['kind'], extra: Partial<MatchableTopic> = {}) =>
    topics.push({ id: `t${topics.length}`, slug: `t${topics.length}`, name, kind, distinctive: false, aliases: [], ...extra });
  add('Vladimir Putin', 'person', { distinctive: true, aliases: ['Putin', 'President Putin'] });
  add('Russia', 'place');
  add('Syria', 'place');
  add('Islamic State', 'organisation', { aliases: ['IS', 'ISIS', 'ISIL', 'Daesh'] });
  add('United Nations', 'organisation', { aliases: ['UN'] });
  for (const f of FIRST)
    for (const l of LAST) if (topics.length < n * 0.5) add(`${f} ${l}`, 'person', { distinctive: topics.length % 7 === 0 });
  for (const p of PLACES) add(p, 'place');
  for (const p of PLACES) for (const s of ['Oblast', 'Port', 'Airbase', 'Garrison']) add(`${p} ${s}`, 'place');
  outer: for (const a of ORG_WORDS)
    for (const b of ORG_WORDS)
      for (const k of ORG_KINDS) {
        if (topics.length >= n * 0.9) break outer;
        if (a === b) continue;
        const name = `${a} ${b} ${k}`;
        add(name, 'organisation', { aliases: [`${a[0]}${b[0]}${k[0]}`] });
      }
  for (let i = 0; topics.length < n; i++) add(`${SUBJECTS[i % SUBJECTS.length]} ${Math.floor(i / SUBJECTS.length) + 1}`, 'subject');
  return topics;
}

/** A 600-word article naming some of the topics in full, by surname, by acronym and with possessives. */
function generateArticle(topics: MatchableTopic[], seed: number): { headline: string; standfirst: string; body: string } {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const people = topics.filter((t) => t.kind === 'person');
  const orgs = topics.filter((t) => t.kind === 'organisation' && t.aliases.length > 0);
  const places = topics.filter((t) => t.kind === 'place');
  const filler = 'the officials said that forces would remain ready while talks continued through the winter and beyond'.split(' ');
  const sentences: string[] = [];
  let words = 0;
  while (words < 600) {
    const person = pick(people);
    const org = pick(orgs);
    const place = pick(places);
    const surname = person.name.split(' ').at(-1)!;
    const templates = [
      `${person.name} told reporters in ${place.name} that the ${org.name} had not been consulted.`,
      `Mr ${surname}'s officials said the ${org.aliases[0]} would meet again, ${pick(filler)} ${pick(filler)} ${pick(filler)}.`,
      `In ${place.name}, ${pick(filler)} ${pick(filler)} ${pick(filler)} ${pick(filler)} ${pick(filler)} after the ${org.name} spoke.`,
      `Russia's envoy and the UN said ${pick(filler)} ${pick(filler)} ${pick(filler)} ${pick(filler)} in Syria.`,
      `${pick(NEW_PEOPLE)} visited ${pick(NEW_PLACES)}, where ${pick(filler)} ${pick(filler)} ${pick(filler)} ${pick(filler)}.`,
      `Analysts said ${pick(filler)} ${pick(filler)} ${pick(filler)} ${pick(filler)} ${pick(filler)} ${pick(filler)} ${pick(filler)}.`,
    ];
    const sentence = pick(templates);
    sentences.push(sentence);
    words += sentence.split(' ').length;
  }
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 3) paragraphs.push(sentences.slice(i, i + 3).join(' '));
  return {
    headline: `${pick(people).name} warns of winter pressure on the ${pick(orgs).name}`,
    standfirst: `Vladimir Putin and the United Nations were named as talks in ${pick(places).name} went on.`,
    body: paragraphs.join('\n\n'),
  };
}

/** Median and 95th percentile of `runs` timings of `work`, after a warm-up, in milliseconds. */
function time(work: (run: number) => unknown, runs = RUNS): { median: number; p95: number } {
  for (let i = 0; i < Math.min(20, runs); i++) work(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)]!, p95: times[Math.floor(runs * 0.95)]! };
}

const ms = (n: number) => `${n.toFixed(3).padStart(8)} ms`;

async function main() {
  const seedText = await readFile(new URL('../demo/seed/000_080c772065630276.txt', import.meta.url), 'utf8');
  const lines = seedText
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const seedBody = lines.slice(3, lines.indexOf('Related topics')).join('\n\n');
  const seed = { headline: lines[1]!, standfirst: lines[2]!, body: seedBody };

  const topics = generateTopics(TOPICS);
  const compiled = time(() => compileTopicIndex(topics), 20);
  const index = compileTopicIndex(topics);
  const generated = generateArticle(topics, 42);
  const articles = [
    ['seed article', seed],
    ['generated article', generated],
  ] as const;

  console.log(`Topic suggestions: ${topics.length} topics (${index.names} names in the trie), ${RUNS} runs each, median / p95\n`);
  console.log(`loading compromise (once per process)   ${ms(loadMs)}`);
  console.log(`compile ${topics.length} topics (once per change) ${ms(compiled.median)} / ${ms(compiled.p95)}`);
  for (const [label, a] of articles) {
    const text = articleText(a.body, a);
    const words = text.text.split(/\s+/).filter(Boolean).length;
    const nerText = text.text.slice(...text.ner);
    const entities = findEntities(compromise, nerText, text.ner[0]);
    const matching = time(() => matchTopics(index, text.text));
    const ner = time(() => findEntities(compromise, nerText, text.ner[0]), Math.min(RUNS, 60));
    const proposing = time(() => suggestFrom(index, text, entities));
    const result = suggestFrom(index, text, entities);
    console.log(`\n${label} (${words} words)`);
    console.log(`  matching the outlet's topics              ${ms(matching.median)} / ${ms(matching.p95)}`);
    console.log(`  compromise (people, places, organisations) ${ms(ner.median)} / ${ms(ner.p95)}`);
    console.log(`  matching + proposals from its findings     ${ms(proposing.median)} / ${ms(proposing.p95)}`);
    console.log(`  found: ${result.existing.length} of the outlet's topics, ${result.proposed.length} proposals`);
    console.log(`    existing: ${result.existing.map((s) => `${s.name}×${s.count}`).join(', ')}`);
    console.log(`    proposed: ${result.proposed.map((p) => `${p.name} (${p.kind})×${p.count}`).join(', ')}`);
  }

  // The service end to end, over a real database: the index comes from its cache; compromise's
  // findings do not (each run's body differs by one word).
  const dir = await mkdtemp(join(tmpdir(), 'despatch-suggest-bench-'));
  const booted = await boot(
    { databaseUrl: `sqlite:${join(dir, 'bench.db')}`, siteUrl: 'http://despatch.bench', mediaDir: join(dir, 'media') },
    { log: silentLogger },
  );
  try {
    const actor = systemActor('suggest bench');
    await booted.services.outbox.transaction(async (tx) => {
      for (const t of topics)
        await booted.services.taxonomy.findOrCreateTopic(tx, t.name, { kind: t.kind, aliases: t.aliases, distinctive: t.distinctive });
    });
    await booted.services.taxonomy.ensureTopic(actor, 'Vladimir Putin');
    const { suggestions } = booted.services;
    const first = performance.now();
    await suggestions.suggestTopics(generated.body, generated);
    const firstMs = performance.now() - first;
    const runs = Math.min(RUNS, 60);
    const full: number[] = [];
    const existingOnly: number[] = [];
    for (let i = 0; i < runs; i++) {
      const body = `${generated.body} Run ${i}.`;
      let start = performance.now();
      await suggestions.suggestTopics(body, generated);
      full.push(performance.now() - start);
      start = performance.now();
      await suggestions.suggestTopics(body, { ...generated, propose: false });
      existingOnly.push(performance.now() - start);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`\nthe service on SQLite, generated article (${runs} runs, median)`);
    console.log(`  first call (compiles the topics; compromise loaded) ${ms(firstMs)}`);
    console.log(`  suggestTopics, existing topics only (propose: false) ${ms(median(existingOnly))}`);
    console.log(`  suggestTopics with proposals                        ${ms(median(full))}`);
  } finally {
    await booted.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
