/**
 * `npm run bench`: reader-site throughput against the limit of this machine, in one run.
 *
 * The app runs in a child process on a temporary SQLite file (demo outlet + a generated
 * archive); the limit is a bare node:http child answering the seed article's exact bytes;
 * autocannon loads both from this process over loopback. Budgets are ratios to the limit,
 * so they hold on any machine (ARCHITECTURE.md §7).
 *
 * Environment: BENCH_SECONDS (5), BENCH_WARMUP_SECONDS (1), BENCH_CONNECTIONS (10),
 * BENCH_ARTICLES (2000), BENCH_ONLY (comma-separated scenario names; the limit always runs),
 * BENCH_LOG_LEVEL (a pino level: log as src/main.ts does; default none, as the tests),
 * BENCH_PROFILE (a directory: each server child writes a --cpu-prof profile to <dir>/app, <dir>/raw).
 *
 * Columns: req/s and latency as autocannon saw them (latency has 1 ms resolution); "srv µs/req"
 * is the server child's CPU time per response and "srv CPU" its CPU time over wall time, so a
 * run limited by the load generator (the raw limit usually is, at ~75-90%) can be told apart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { boot } from '../src/boot.js';
import { loadDemo } from '../src/demo.js';
import { silentLogger } from '../src/kernel/logger.js';
import type { AppServerSetup } from './app-server.js';
import { generateCorpus } from './corpus.js';
import { get, measure, type LoadOptions, type Measurement, type Target } from './load.js';
import type { RawServerSetup } from './raw-server.js';
import { startServer, stopAllServers, type ServerChild } from './servers.js';

/** The demo's seed article: the page every reader journey in the tests reaches. */
const SEED_PATH = '/tri-service/putin-russia-considering-airstrikes-against-islamic-state';
const SITE_URL = 'http://despatch.bench';

/** Budgets from the brief, as fractions of the raw node:http limit. */
const CACHED_BUDGET = 0.8;
const RENDERED_BUDGET = 0.1;

/** Connection-level headers node:http writes itself; copying them would duplicate them. */
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

interface Budget {
  name: string;
  scenario: string;
  minRatio: number;
}

interface Row extends Measurement {
  ratioToLimit: number;
}

/** Builds the database the app child will serve: migrations, the demo outlet, the archive. */
async function prepareDatabase(databaseUrl: string, mediaDir: string, articles: number) {
  const { services, runner, close } = await boot({ databaseUrl, siteUrl: SITE_URL, mediaDir }, { log: silentLogger });
  try {
    const started = performance.now();
    const demo = await loadDemo(services);
    await runner.runDue(); // the demo's pictures, sized as the app would size them
    const generated = await generateCorpus(services, articles);
    const seconds = (performance.now() - started) / 1000;
    log(`database: ${demo} demo + ${generated} generated articles in ${seconds.toFixed(1)}s`);
  } finally {
    await close();
  }
}

/** Fetches the warm seed page from the app and checks both app servers answer as the bench assumes. */
async function copySeedPage(app: ServerChild, rendering: ServerChild): Promise<RawServerSetup> {
  const first = await get(app.origin + SEED_PATH);
  if (first.status !== 200) throw new Error(`GET ${SEED_PATH} answered ${first.status}`);
  const warm = await get(app.origin + SEED_PATH);
  if (warm.headers['x-cache'] !== 'HIT') throw new Error(`The second GET of ${SEED_PATH} was not a page-cache HIT.`);
  // The rendering server must render afresh yet send the same page, or the rendered scenarios measure nothing.
  await get(rendering.origin + SEED_PATH);
  const rendered = await get(rendering.origin + SEED_PATH);
  if (rendered.headers['x-cache'] === 'HIT') throw new Error('The rendering server answered from its page cache.');
  if (!rendered.body.equals(warm.body)) throw new Error('The rendering server sent a different page from the cached one.');

  const headers = Object.fromEntries(Object.entries(warm.headers).filter(([name]) => !HOP_HEADERS.has(name)));
  return { status: warm.status, headers, bodyBase64: warm.body.toString('base64') };
}

function log(line: string) {
  process.stderr.write(`[bench] ${line}\n`);
}

function printTable(rows: Row[]) {
  const header = ['scenario', 'path', 'req/s', 'p50 ms', 'p99 ms', 'KB/resp', 'vs limit', 'srv µs/req', 'srv CPU', 'x-cache', 'valid'];
  const body = rows.map((r) => [
    r.name,
    r.path.length > 44 ? `${r.path.slice(0, 41)}...` : r.path,
    r.requestsPerSecond.toFixed(0),
    r.latencyP50Ms.toFixed(0),
    r.latencyP99Ms.toFixed(0),
    (r.bytesPerResponse / 1024).toFixed(1),
    `${(r.ratioToLimit * 100).toFixed(1)}%`,
    r.serverCpuMicrosPerRequest.toFixed(0),
    `${(r.serverCpuUtilisation * 100).toFixed(0)}%`,
    Object.entries(r.cache)
      .map(([k, v]) => `${k}:${v}`)
      .join(' '),
    r.invalid ? `NO: ${r.invalid}` : 'yes',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 8 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const cells of body) console.log(line(cells));
}

async function main(): Promise<number> {
  const load: LoadOptions = {
    connections: envNumber('BENCH_CONNECTIONS', 10),
    seconds: envNumber('BENCH_SECONDS', 5),
    warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 1),
  };
  const articles = envNumber('BENCH_ARTICLES', 2000);
  const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
  const profileDir = process.env.BENCH_PROFILE ? resolve(process.env.BENCH_PROFILE) : null;

  const dir = await mkdtemp(join(tmpdir(), 'despatch-bench-'));
  tempDir = dir;
  try {
    const databaseUrl = `sqlite:${join(dir, 'despatch.db')}`;
    const mediaDir = join(dir, 'media');
    await prepareDatabase(databaseUrl, mediaDir, articles);

    const appSetup: AppServerSetup = {
      databaseUrl,
      mediaDir,
      siteUrl: SITE_URL,
      logLevel: process.env.BENCH_LOG_LEVEL || null,
      pageCache: true,
    };
    // Both children are profiled, so the app's costs can be read against the limit's.
    const profile = (name: string) => (profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : []);
    const app = await startServer('app', './app-server.ts', appSetup, profile('app'));
    const rendering = await startServer('app-rendering', './app-server.ts', { ...appSetup, pageCache: false }, profile('app-rendering'));
    const raw = await startServer('raw', './raw-server.ts', await copySeedPage(app, rendering), profile('raw'));
    log(`app pid ${app.pid} at ${app.origin}; raw node:http pid ${raw.pid} at ${raw.origin}`);
    log(`load: ${load.connections} connections, ${load.warmupSeconds}s warm-up + ${load.seconds}s per scenario`);

    // The limit is measured first and last: on a shared machine it drifts, and the two runs bracket the app's.
    // Rendered scenarios go to a second app server whose page cache stores nothing.
    const limitTarget = (name: string): Target => ({ name, server: raw, path: SEED_PATH, expectCache: null });
    const appTargets: Target[] = [
      { name: 'article-cached', server: app, path: SEED_PATH, expectCache: 'HIT' },
      { name: 'article-render', server: rendering, path: SEED_PATH, expectCache: null },
      { name: 'home-render', server: rendering, path: '/', expectCache: null },
      { name: 'section-p2-render', server: rendering, path: '/tri-service?page=2', expectCache: null },
    ];
    const targets = [limitTarget('raw-limit-first'), ...appTargets.filter((t) => !only || only.has(t.name)), limitTarget('raw-limit-last')];

    const measurements: Measurement[] = [];
    for (const target of targets) {
      if (target.expectCache === 'HIT') await get(target.server.origin + target.path); // re-warm in case it was evicted
      log(`running ${target.name} (${target.path})`);
      measurements.push(await measure(target, load));
    }
    await stopAllServers();

    const limitRuns = measurements.filter((m) => m.name.startsWith('raw-limit'));
    const limit = limitRuns.reduce((sum, m) => sum + m.requestsPerSecond, 0) / limitRuns.length;
    const rows: Row[] = measurements.map((m) => ({ ...m, ratioToLimit: m.requestsPerSecond / limit }));
    const budgets: Budget[] = [
      { name: `cached page >= ${CACHED_BUDGET * 100}% of limit`, scenario: 'article-cached', minRatio: CACHED_BUDGET },
      ...['article-render', 'home-render', 'section-p2-render'].map((scenario) => ({
        name: `rendered page >= ${RENDERED_BUDGET * 100}% of limit`,
        scenario,
        minRatio: RENDERED_BUDGET,
      })),
    ];
    const verdicts = budgets
      .map((b) => ({ budget: b, row: rows.find((r) => r.name === b.scenario) }))
      .filter((v): v is { budget: Budget; row: Row } => v.row !== undefined)
      .map(({ budget, row }) => ({
        budget: budget.name,
        scenario: budget.scenario,
        ratio: row.ratioToLimit,
        minRatio: budget.minRatio,
        pass: row.invalid === null && row.ratioToLimit >= budget.minRatio,
        ...(row.invalid ? { reason: `invalid run: ${row.invalid}` } : {}),
      }));

    console.log();
    printTable(rows);
    const spread = Math.abs(limitRuns[0]!.requestsPerSecond - limitRuns[1]!.requestsPerSecond) / limit;
    console.log(`\nlimit = mean of the two raw-limit runs: ${limit.toFixed(0)} req/s (they differ by ${(spread * 100).toFixed(0)}%)`);
    console.log();
    for (const v of verdicts) {
      const result = v.pass ? 'PASS' : 'FAIL';
      console.log(`${result}  ${v.scenario.padEnd(18)} ${v.budget}: ${(v.ratio * 100).toFixed(1)}%${v.reason ? ` (${v.reason})` : ''}`);
    }
    const invalid = rows.filter((r) => r.invalid);
    for (const r of invalid) console.log(`INVALID  ${r.name}: ${r.invalid}`);

    console.log();
    console.log(
      JSON.stringify(
        {
          node: process.version,
          corpus: { articles },
          load,
          limitRequestsPerSecond: limit,
          scenarios: rows,
          budgets: verdicts,
          ...(profileDir ? { profileDir } : {}),
        },
        null,
        2,
      ),
    );
    return verdicts.every((v) => v.pass) && invalid.length === 0 ? 0 : 1;
  } finally {
    await cleanUp();
  }
}

/** The run's temporary directory (database, media), removed however the run ends. */
let tempDir: string | null = null;

/** Stops the server children first (they hold the database open), then removes the files. */
async function cleanUp(): Promise<void> {
  await stopAllServers();
  const dir = tempDir;
  tempDir = null;
  if (dir) await rm(dir, { recursive: true, force: true });
}

// Ctrl-C or a kill: a load run may still be in flight, so clean up here rather than wait for it.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping servers and removing temporary files`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    await cleanUp();
    process.exit(1);
  },
);
