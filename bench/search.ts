/**
 * `npx tsx bench/search.ts`: search latency over a large archive, on SQLite (FTS5) and on
 * PostgreSQL (tsvector), through the search service readers use: ranked, ten to a page, with
 * snippets and the total count.
 *
 * The archive (bench/search-corpus.ts: ~600 words a story, seeded, the same every run) is
 * written straight into the tables in large transactions, as bench/sitemap.ts does, and the
 * index is then filled by `services.search.rebuild()`, which is timed. Fifty fixed queries
 * (common and rare words, several words, phrases, exclusions, prefixes, section and date
 * filters) run once to warm up and then BENCH_SEARCH_ROUNDS times, one after another; each
 * `search` call is timed on its own. Targets: p95 ≤ 10 ms on SQLite, ≤ 25 ms on PostgreSQL.
 * A missed target is printed as MISSED; the exit code stays 0 (this is a measurement).
 *
 * Environment: BENCH_SEARCH_ARTICLES (100,000; 1,000,000 for the large run),
 * BENCH_SEARCH_DATABASES (sqlite,postgres), BENCH_SEARCH_ROUNDS (5), and BENCH_POSTGRES_URL or
 * TEST_DATABASE_URL for PostgreSQL (skipped, with the reason, when neither is set). PostgreSQL
 * runs in a schema of its own (bench_search_<random>), dropped at the end.
 *
 * BENCH_SEARCH_KEEP=DIR keeps the archives for the next run instead: SQLite in DIR/search-N.db,
 * PostgreSQL in the schema bench_search_keep_N (N the article count). A run that finds them
 * skips writing and indexing and only times the queries, which is how a change to the query
 * code is measured quickly; delete the file or drop the schema to start again.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { start, type Booted } from '../src/boot.js';
import { dropPostgresSchema, openDatabase } from '../src/db/database.js';
import { systemActor } from '../src/domain/access/index.js';
import { SNIPPET_END, SNIPPET_MARK, type SearchFilter } from '../src/domain/search/index.js';
import { silentLogger } from '../src/kernel/logger.js';
import { writeArchive, type ArchiveStory } from '../test/helpers/archive.js';
import { SEARCH_SECTIONS, searchCorpus } from './search-corpus.js';

const SITE_URL = 'http://despatch.bench';
const ROWS_PER_TRANSACTION = 5_000;

type DatabaseName = 'sqlite' | 'postgres';

/** The p95 each database should meet, in ms (from the issue). */
const TARGET_P95_MS: Record<DatabaseName, number> = { sqlite: 10, postgres: 25 };

/** One of the fixed queries: what a reader types, the filter a page would add, and what kind of query it is. */
interface BenchQuery {
  kind: string;
  q: string;
  filter?: SearchFilter;
  /** Its total and first snippet are printed, so a reader sees the queries find things. */
  sample?: boolean;
}

const at = (day: string) => `${day}T00:00:00.000Z`;

/** The fixed fifty. Share of stories holding each word, at any size: see bench/search-corpus.ts. */
const QUERIES: BenchQuery[] = [
  // Words in most stories: the most rows to rank and count.
  { kind: 'common', q: 'troops', sample: true },
  { kind: 'common', q: 'defence' },
  { kind: 'common', q: 'ministry' },
  { kind: 'common', q: 'training' },
  { kind: 'common', q: 'allies' },
  { kind: 'common', q: 'budget' },
  // Words in a few per cent of stories.
  { kind: 'middling', q: 'Estonia' },
  { kind: 'middling', q: 'Typhoon' },
  { kind: 'middling', q: 'frigate' },
  { kind: 'middling', q: 'submarines' },
  { kind: 'middling', q: 'Lossiemouth' },
  // Names in about one story in a thousand, and one in none.
  { kind: 'rare', q: 'Wyvern', sample: true },
  { kind: 'rare', q: 'Brocklesby' },
  { kind: 'rare', q: 'Tregaskis' },
  { kind: 'rare', q: 'Thornback' },
  { kind: 'absent', q: 'hovercraft', sample: true },
  { kind: 'two words', q: 'army recruitment' },
  { kind: 'two words', q: 'drone strike' },
  { kind: 'two words', q: 'Baltic exercise' },
  { kind: 'two words', q: 'carrier Portsmouth' },
  { kind: 'three words', q: 'Royal Navy frigate' },
  { kind: 'three words', q: 'troops Estonia training' },
  { kind: 'three words', q: 'defence budget Treasury' },
  { kind: 'three words', q: 'F-35 carrier deployment' },
  { kind: 'phrase', q: '"air defence"' },
  { kind: 'phrase', q: '"Royal Navy"', sample: true },
  { kind: 'phrase', q: '"Ministry of Defence"' },
  { kind: 'phrase', q: '"Strategic Defence Review"' },
  { kind: 'phrase', q: '"Prince of Wales"' },
  { kind: 'phrase', q: '"Silent Kestrel"' },
  { kind: 'excluded', q: 'drone -Ukraine', sample: true },
  { kind: 'excluded', q: 'troops -Estonia' },
  { kind: 'excluded', q: 'submarine -nuclear' },
  { kind: 'excluded', q: 'army -recruitment' },
  { kind: 'mixed', q: '"air defence" Poland -Ukraine' },
  { kind: 'prefix', q: 'milit*', sample: true },
  { kind: 'prefix', q: 'recruit*' },
  { kind: 'prefix', q: 'sub*' },
  { kind: 'prefix', q: 'Typh*' },
  { kind: 'prefix', q: 'Wyv*' },
  { kind: 'filtered', q: 'troops', filter: { section: 'army' } },
  { kind: 'filtered', q: 'frigate', filter: { section: 'navy' } },
  { kind: 'filtered', q: 'Typhoon', filter: { section: 'raf' } },
  { kind: 'filtered', q: 'ministry', filter: { section: 'tri-service' } },
  { kind: 'filtered', q: 'drones', filter: { since: at('2025-01-01'), until: at('2025-07-01') } },
  { kind: 'filtered', q: 'budget', filter: { section: 'tri-service', since: at('2024-01-01'), until: at('2025-01-01') }, sample: true },
  { kind: 'filtered', q: '"Royal Navy"', filter: { section: 'navy', since: at('2023-01-01') } },
  { kind: 'filtered', q: 'Wyvern', filter: { since: at('2024-01-01'), until: at('2026-01-01') } },
  { kind: 'filtered', q: 'recruit*', filter: { section: 'army', since: at('2025-06-01') } },
  { kind: 'filtered', q: 'troops -Ukraine', filter: { until: at('2023-01-01') } },
];

function log(line: string) {
  process.stderr.write(`[search] ${line}\n`);
}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

const thousands = (n: number) => n.toLocaleString('en-GB');

/** The value below which `p` per cent of the sorted samples lie (nearest rank). */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const ms = (n: number) => Math.round(n * 100) / 100;

/** A query as a reader would read it: the words, then the filter in brackets. */
function describe(query: BenchQuery): string {
  const f = query.filter;
  if (!f) return query.q;
  const parts = [
    f.section ? `section=${f.section}` : null,
    f.since || f.until ? `${f.since?.slice(0, 10) ?? ''}..${f.until?.slice(0, 10) ?? ''}` : null,
  ].filter((p) => p !== null);
  return `${query.q} [${parts.join(', ')}]`;
}

/** What is done when the run ends, however it ends: closing databases, dropping the schema, removing files. Last in, first out. */
const cleanups: Array<() => Promise<void>> = [];

async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()!();
    } catch (err) {
      log(`clean-up failed: ${(err as Error).message}`);
    }
  }
}

/** Opens a fresh, migrated database of the kind asked for, with the services over it. */
async function openArchive(
  database: DatabaseName,
  postgresUrl: string | undefined,
  count: number,
  keep: string | undefined,
): Promise<{ booted: Booted; where: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-search-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const mediaDir = join(dir, 'media');
  let where: string;
  let handle;
  if (database === 'sqlite') {
    if (keep) await mkdir(keep, { recursive: true });
    where = keep ? join(keep, `search-${count}.db`) : join(dir, 'search.db');
    handle = await openDatabase(`sqlite:${where}`, { log: silentLogger });
  } else {
    // A schema of its own, as the tests use (test/helpers/databases.ts): nothing else in the database is touched.
    const schema = keep ? `bench_search_keep_${count}` : `bench_search_${randomBytes(4).toString('hex')}`;
    where = `schema ${schema}`;
    if (!keep) cleanups.push(() => dropPostgresSchema(postgresUrl!, schema));
    handle = await openDatabase(postgresUrl!, { schema, log: silentLogger, applicationName: 'despatch-bench-search' });
  }
  const booted = await start(handle, { siteUrl: SITE_URL, log: silentLogger, mediaDir });
  cleanups.push(() => booted.close());
  return { booted, where };
}

/** Writes `count` generated, published stories straight into the tables; returns the seconds it took. */
async function writeCorpus({ services, handle }: Booted, count: number): Promise<number> {
  const actor = systemActor('search bench');
  const sections = [];
  for (const name of SEARCH_SECTIONS) sections.push(await services.taxonomy.ensureSection(actor, name));
  const corpus = searchCorpus(count);
  const started = performance.now();
  let words = 0;
  for (let from = 0; from < count; from += ROWS_PER_TRANSACTION) {
    const stories: ArchiveStory[] = [];
    for (let i = from; i < Math.min(count, from + ROWS_PER_TRANSACTION); i++) {
      const story = corpus.next();
      words += story.words;
      stories.push({
        id: corpus.nextId(),
        slug: `search-story-${i}`,
        sectionId: sections[story.section]!.id,
        headline: story.headline,
        standfirst: story.standfirst,
        body: story.bodyMarkdown,
        at: story.publishedAt,
      });
    }
    await writeArchive(handle.db, stories);
    const done = Math.min(count, from + ROWS_PER_TRANSACTION);
    if (done % 20_000 === 0 || done === count) log(`  ${thousands(done)} articles written`);
  }
  const seconds = (performance.now() - started) / 1000;
  log(`  ${thousands(count)} articles (${Math.round(words / count)} words each on average) written in ${seconds.toFixed(1)}s`);
  return seconds;
}

/**
 * Fills the index through the service, reporting how far it has got every ten seconds. Only
 * PostgreSQL reports: better-sqlite3 answers synchronously, so on SQLite the whole rebuild is one
 * chain of settled promises and no timer fires until it ends.
 */
async function buildIndex({ services, handle }: Booted, count: number): Promise<number> {
  const started = performance.now();
  let asking = false;
  const ticker = setInterval(() => {
    if (asking) return;
    asking = true;
    sql<{ n: number | string }>`select count(*) as n from search_documents`
      .execute(handle.db)
      .then(
        ({ rows }) => log(`  ${thousands(Number(rows[0]?.n ?? 0))} indexed after ${((performance.now() - started) / 1000).toFixed(0)}s`),
        () => {},
      )
      .finally(() => (asking = false));
  }, 10_000);
  try {
    const indexed = await services.search.rebuild();
    if (indexed !== count) throw new Error(`rebuild() indexed ${indexed} articles, not ${count}`);
  } finally {
    clearInterval(ticker);
  }
  return (performance.now() - started) / 1000;
}

interface QueryResult {
  query: BenchQuery;
  total: number;
  snippet: string | null;
  samples: number[];
}

interface DatabaseReport {
  database: DatabaseName;
  articles: number;
  writeSeconds: number;
  /** NaN when a kept archive was reused (BENCH_SEARCH_KEEP). */
  indexSeconds: number;
  indexRowsPerSecond: number;
  /** PostgreSQL: the VACUUM ANALYZE after loading (what autovacuum would soon do). */
  vacuumSeconds: number | null;
  rounds: number;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  targetP95Ms: number;
  meetsTarget: boolean;
  p95MsByKind: Record<string, number>;
  queries: Array<{ query: string; kind: string; total: number; p50Ms: number; p95Ms: number }>;
  samples: Array<{ query: string; total: number; snippet: string | null }>;
}

async function runQueries({ services }: Booted, rounds: number): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  // The warm-up round: plans, caches and pages as a running site would have them; its totals are reported.
  for (const query of QUERIES) {
    const res = await services.search.search({ q: query.q, ...(query.filter ? { filter: query.filter } : {}), perPage: 10 });
    results.push({ query, total: res.total, snippet: res.hits[0]?.snippet ?? null, samples: [] });
  }
  for (let round = 1; round <= rounds; round++) {
    const started = performance.now();
    for (const result of results) {
      const { q, filter } = result.query;
      const t = performance.now();
      await services.search.search({ q, ...(filter ? { filter } : {}), perPage: 10 });
      result.samples.push(performance.now() - t);
    }
    log(`  round ${round}/${rounds}: ${QUERIES.length} queries in ${(performance.now() - started).toFixed(0)} ms`);
  }
  return results;
}

async function benchDatabase(
  database: DatabaseName,
  postgresUrl: string | undefined,
  count: number,
  rounds: number,
  keep: string | undefined,
): Promise<DatabaseReport> {
  const mark = cleanups.length;
  const { booted, where } = await openArchive(database, postgresUrl, count, keep);
  try {
    const existing = Number(
      (await sql<{ n: number | string }>`select count(*) as n from search_documents`.execute(booted.handle.db)).rows[0]?.n ?? 0,
    );
    const reused = keep !== undefined && existing === count;
    if (existing !== 0 && !reused) throw new Error(`${where} holds ${existing} indexed articles, not ${count}: delete it to start again`);
    let writeSeconds = 0;
    if (reused) log(`${database}: reusing ${thousands(count)} indexed articles (${where})`);
    else {
      log(`${database}: writing ${thousands(count)} articles (${where})`);
      writeSeconds = await writeCorpus(booted, count);
    }
    const sectionSlugs = new Set((await booted.handle.db.selectFrom('sections').select('slug').execute()).map((s) => s.slug));
    for (const query of QUERIES)
      if (query.filter?.section && !sectionSlugs.has(query.filter.section))
        throw new Error(`No section "${query.filter.section}" to filter on`);

    let indexSeconds = NaN;
    if (!reused) {
      log(`${database}: indexing with services.search.rebuild()`);
      indexSeconds = await buildIndex(booted, count);
      log(
        `${database}: ${thousands(count)} indexed in ${indexSeconds.toFixed(1)}s (${thousands(Math.round(count / indexSeconds))} rows/s)`,
      );
    }
    let vacuumSeconds: number | null = null;
    if (database === 'postgres') {
      // A bulk load leaves no planner statistics and GIN entries in the index's pending list;
      // autovacuum would see to both soon after. Doing it now measures the steady state, not
      // whenever autovacuum happened to run.
      const started = performance.now();
      // Only this schema's tables (search_path): a bare VACUUM would visit every schema in the database.
      await sql`vacuum analyze search_documents, articles, article_bodies, sections`.execute(booted.handle.db);
      vacuumSeconds = (performance.now() - started) / 1000;
      log(`${database}: vacuum analyze in ${vacuumSeconds.toFixed(1)}s`);
    }

    log(`${database}: ${QUERIES.length} queries, 1 warm-up round + ${rounds}`);
    const results = await runQueries(booted, rounds);
    const all = results.flatMap((r) => r.samples).sort((a, b) => a - b);
    const p95 = percentile(all, 95);
    const perQuery = results.map((r) => {
      const sorted = [...r.samples].sort((a, b) => a - b);
      return {
        query: describe(r.query),
        kind: r.query.kind,
        total: r.total,
        p50Ms: ms(percentile(sorted, 50)),
        p95Ms: ms(percentile(sorted, 95)),
      };
    });
    const kinds = [...new Set(QUERIES.map((q) => q.kind))];
    const p95MsByKind = Object.fromEntries(
      kinds.map((kind) => [
        kind,
        ms(
          percentile(
            results
              .filter((r) => r.query.kind === kind)
              .flatMap((r) => r.samples)
              .sort((a, b) => a - b),
            95,
          ),
        ),
      ]),
    );
    return {
      database,
      articles: count,
      writeSeconds: Math.round(writeSeconds * 10) / 10,
      indexSeconds: Math.round(indexSeconds * 10) / 10,
      indexRowsPerSecond: Math.round(count / indexSeconds),
      vacuumSeconds: vacuumSeconds === null ? null : Math.round(vacuumSeconds * 10) / 10,
      rounds,
      runs: all.length,
      p50Ms: ms(percentile(all, 50)),
      p95Ms: ms(p95),
      p99Ms: ms(percentile(all, 99)),
      maxMs: ms(all.at(-1) ?? NaN),
      targetP95Ms: TARGET_P95_MS[database],
      meetsTarget: p95 <= TARGET_P95_MS[database],
      p95MsByKind,
      queries: perQuery,
      samples: results.filter((r) => r.query.sample).map((r) => ({ query: describe(r.query), total: r.total, snippet: r.snippet })),
    };
  } finally {
    // This database's clean-ups run now, so the next one starts with the machine to itself.
    while (cleanups.length > mark) await cleanups.pop()!();
  }
}

function printTable(header: string[], body: string[][], rightAligned: (i: number) => boolean) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const cells of body) console.log(line(cells));
}

/** A snippet on one line, its marked words in [brackets], cut to `max` characters. */
function plainSnippet(snippet: string | null, max = 110): string {
  if (snippet === null) return '(no results)';
  const text = snippet.replaceAll(SNIPPET_MARK, '[').replaceAll(SNIPPET_END, ']').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function printReport(reports: DatabaseReport[], skipped: Array<{ database: DatabaseName; reason: string }>) {
  console.log();
  printTable(
    ['database', 'articles', 'index s', 'rows/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'target p95', 'result'],
    reports.map((r) => [
      r.database,
      thousands(r.articles),
      Number.isNaN(r.indexSeconds) ? 'reused' : r.indexSeconds.toFixed(1),
      Number.isNaN(r.indexRowsPerSecond) ? '' : thousands(r.indexRowsPerSecond),
      r.p50Ms.toFixed(2),
      r.p95Ms.toFixed(2),
      r.p99Ms.toFixed(2),
      r.maxMs.toFixed(2),
      `≤ ${r.targetP95Ms} ms`,
      r.meetsTarget ? 'met' : 'MISSED',
    ]),
    (i) => i >= 1 && i <= 8,
  );
  for (const s of skipped) console.log(`${s.database}: skipped (${s.reason})`);

  for (const r of reports) {
    console.log(`\n${r.database}: ${r.runs} timed searches (${QUERIES.length} queries × ${r.rounds} rounds)`);
    console.log('  slowest queries (p95 over their rounds):');
    for (const q of [...r.queries].sort((a, b) => b.p95Ms - a.p95Ms).slice(0, 5))
      console.log(`    ${q.p95Ms.toFixed(2).padStart(9)} ms  ${q.query}  (${q.kind}, ${thousands(q.total)} results)`);
    console.log(
      `  p95 by kind: ${Object.entries(r.p95MsByKind)
        .map(([kind, p95]) => `${kind} ${p95.toFixed(1)}`)
        .join(', ')} (ms)`,
    );
    console.log('  sample queries:');
    for (const s of r.samples) console.log(`    ${thousands(s.total).padStart(9)}  ${s.query}: ${plainSnippet(s.snippet)}`);
  }

  console.log();
  for (const r of reports) {
    const verdict = r.meetsTarget ? 'met   ' : 'MISSED';
    console.log(
      `${verdict}  ${r.database.padEnd(8)} p95 ${r.p95Ms.toFixed(2)} ms against a target of ≤ ${r.targetP95Ms} ms at ${thousands(r.articles)} articles`,
    );
  }
}

async function main(): Promise<number> {
  const count = envNumber('BENCH_SEARCH_ARTICLES', 100_000);
  const rounds = envNumber('BENCH_SEARCH_ROUNDS', 5);
  const asked = (process.env.BENCH_SEARCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim());
  for (const name of asked)
    if (name !== 'sqlite' && name !== 'postgres') throw new Error(`BENCH_SEARCH_DATABASES: unknown database "${name}"`);
  const postgresUrl = process.env.BENCH_POSTGRES_URL || process.env.TEST_DATABASE_URL || undefined;
  const keep = process.env.BENCH_SEARCH_KEEP || undefined;

  const reports: DatabaseReport[] = [];
  const skipped: Array<{ database: DatabaseName; reason: string }> = [];
  for (const database of asked as DatabaseName[]) {
    if (database === 'postgres' && !postgresUrl) {
      const reason = 'neither BENCH_POSTGRES_URL nor TEST_DATABASE_URL is set';
      log(`postgres: skipped, ${reason}`);
      skipped.push({ database, reason });
      continue;
    }
    reports.push(await benchDatabase(database, postgresUrl, count, rounds, keep));
  }

  printReport(reports, skipped);
  console.log();
  console.log(JSON.stringify({ node: process.version, articles: count, rounds, queries: QUERIES.length, databases: reports, skipped }));
  return 0;
}

// Ctrl-C or a kill: drop the PostgreSQL schema and the temporary files rather than leave them behind.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: dropping the bench's schema and temporary files`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  async (code) => {
    await cleanUp();
    process.exit(code);
  },
  async (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    await cleanUp();
    process.exit(1);
  },
);
