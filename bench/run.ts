/**
 * `npm run bench` (first part): the reader site under load with wrk, against the limit of this
 * machine, in one run.
 *
 * The database: the demo outlet plus BENCH_ARTICLES generated articles (bench/corpus.ts: the
 * same every run, in four sections, twenty topics, three authors), search index rebuilt,
 * generated once into bench/.cache/corpus-v<CORPUS_VERSION>-<articles>/ and copied from there
 * to a temporary SQLite file for each run. Two app children serve it, started as src/main.ts
 * starts the app (bench/app-server.ts: boot + buildApp, so cached pages take the page cache's
 * before-routing path) from the compiled server in dist/ (the run builds it first) on plain
 * node with the V8 flags `npm start` gives node, both trusting one proxy hop
 * (TRUST_PROXY=1): "app" with the page cache, "rendering" with `pageCache: false`, which
 * renders every request.
 *
 * The limit: a bare node:http child (bench/raw-server.ts) answering the very status, headers
 * and bytes the app sent for each scenario's page. Method as the pagebench tool:
 * `wrk -t2 -c<connections> -d<seconds>s --latency --timeout 30s`, for each scenario one
 * discarded run of the page and one of its raw twin (warm-up), then BENCH_ROUNDS rounds
 * alternating page and raw twin; req/s, p50 and p99 are each the median of the page's runs,
 * the limit the median of the raw runs (the upper one of two), ratio = page req/s ÷ limit.
 *
 * Scenarios (BENCH_ONLY takes names or groups):
 * - cached: article (the demo's seed), home, a section, a topic, the RSS feed, each fetched
 *   until the page cache holds it; a run in which the cache missed is marked invalid;
 * - rendered: the same article, home, section and topic from the rendering child, without
 *   Accept-Encoding and with `Accept-Encoding: br` (each compared with the same bytes raw);
 * - sitemap: /sitemaps/articles/1.xml (streamed; few requests in a run: BENCH_SITEMAP_CONNECTIONS);
 * - search: /search?q=drones on the rendering child. Search is limited to 60 a minute per
 *   address, counted in the database; the run goes through the whole HTTP path, limit
 *   included, each request from an address of its own (bench/wrk/forwarded-for.lua sets
 *   X-Forwarded-For, which the child believes as TRUST_PROXY=1 makes it), so no 429 is
 *   answered and each request pays for its limit's count as a reader's would.
 *
 * Memory: the app child's VmRSS (/proc/<pid>/status) after warm-up (its pages cached, before
 * any load), its peak sampled every 50 ms during the feed and sitemap scenarios, at the end,
 * and its VmHWM; snapshots split RSS into anonymous and file-backed and give the V8 heap, and
 * the raw child's RSS shows what node holds alone. Target: ≤ 150 MB while
 * serving feeds and sitemaps at 100,000 articles.
 *
 * Targets: cached article ≥ 0.8× its limit, rendered pages ≥ 0.1× theirs. A missed target or
 * an invalid run is reported (table, bench/results/<date>-<articles>.md and .json); the exit
 * status stays 0 so `npm run bench` goes on to the other benches (it is a measurement).
 *
 * Environment:
 *   BENCH_ARTICLES (10000; 100000 and 1000000 on request: generating them takes minutes the first time)
 *   BENCH_SECONDS (5: each wrk run), BENCH_ROUNDS (2), BENCH_CONNECTIONS (50, as pagebench)
 *   BENCH_SITEMAP_CONNECTIONS (4: a sitemap page is megabytes; a crawler fetches a few at once)
 *   BENCH_ONLY (comma-separated scenario names or groups: cached, rendered, sitemap, search)
 *   BENCH_LOG_LEVEL (a pino level: log as src/main.ts does, to /dev/null; default none, as the tests)
 *   BENCH_PROFILE (a directory: each server child writes a --cpu-prof profile to <dir>/<child>)
 *   BENCH_WRK (the wrk binary; default `wrk` on the PATH)
 *   BENCH_NODE_FLAGS (V8 flags for the app children instead of npm start's: bench/start-flags.ts)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppServerSetup } from './app-server.js';
import { buildServer } from './build.js';
import { CORPUS_VERSION } from './corpus.js';
import { prepareDatabase, type PreparedDatabase } from './corpus-cache.js';
import { get, type Fetched } from './load.js';
import { procStatusMb, rssMb } from './proc-status.js';
import type { RawPage, RawServerSetup } from './raw-server.js';
import { describeMachine, table, writeResults, type Machine } from './report.js';
import { startServer, stopAllServers, type ServerChild } from './servers.js';
import { startEnv, startFlags } from './start-flags.js';
import { WRK_THREADS, wrk, type WrkResult } from './wrk.js';

/** The demo's seed article: the page every reader journey in the tests reaches. */
const SEED_PATH = '/tri-service/putin-russia-considering-airstrikes-against-islamic-state';
const SITE_URL = 'http://despatch.bench';
const FORWARDED_FOR_SCRIPT = fileURLToPath(new URL('./wrk/forwarded-for.lua', import.meta.url));

/** Targets from the brief: fractions of the limit, and the app's memory. */
const CACHED_TARGET = 0.8;
const RENDERED_TARGET = 0.1;
const RSS_TARGET_MB = 150;
const RSS_TARGET_ARTICLES = 100_000;

/** Connection-level headers node:http writes itself; copying them would duplicate them. */
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

type Group = 'cached' | 'rendered' | 'sitemap' | 'search';

interface Scenario {
  name: string;
  group: Group;
  server: 'app' | 'rendering';
  path: string;
  /** Request headers, sent alike to the app and to the raw twin. */
  headers: Record<string, string>;
  script?: string;
  connections: number;
  /** The least ratio to the limit it should reach, if it has a target. */
  target: number | null;
  /** Sample the app child's RSS during its runs (feeds and sitemaps). */
  sampleMemory: boolean;
}

interface Settings {
  articles: number;
  seconds: number;
  rounds: number;
  connections: number;
  sitemapConnections: number;
  threads: number;
  only: string[] | null;
  logLevel: string | null;
}

interface Row {
  name: string;
  group: Group;
  path: string;
  headers: Record<string, string>;
  connections: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  limitRequestsPerSecond: number;
  ratio: number;
  target: number | null;
  met: boolean | null;
  /** The server child's CPU time per response over the page runs. */
  serverMicrosPerRequest: number;
  /**
   * The raw child's over its runs of the same bytes: what the bare write costs. Steadier than
   * the ratio on a busy machine, where the limit itself moves between runs.
   */
  rawMicrosPerRequest: number;
  /** Bytes a response as wrk read them (headers included), from the app and from the raw twin. */
  bytesPerResponse: number;
  rawBytesPerResponse: number;
  bodyBytes: number;
  /** The app streamed it (chunked): its wire bytes carry the chunks' framing, the raw twin's one chunk. */
  streamed: boolean;
  /** Why the run does not measure what it claims to, if it does not. */
  invalid: string | null;
  runs: { page: WrkResult[]; raw: WrkResult[] };
}

/** A child's memory at one moment, in MB: /proc/<pid>/status and the child's process.memoryUsage(). */
interface MemorySnapshot {
  rss: number;
  /** VmHWM: the largest RSS the process has had. */
  hwm: number;
  /** RSS that is the process's own (heap, malloc) and RSS that maps files (code, libraries). */
  anon: number;
  file: number;
  heapUsed: number;
  heapTotal: number;
  /** Memory V8 knows of outside its heap (Buffers among it). */
  external: number;
}

interface Memory {
  afterWarmUp: MemorySnapshot;
  peakFeedsAndSitemapsMb: number | null;
  atEnd: MemorySnapshot;
  renderingAtEnd: MemorySnapshot;
  /** The raw child's RSS at the end: what node holds with no app in it. */
  rawAtEndMb: number;
}

function envNumber(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return value;
}

function log(line: string) {
  process.stderr.write(`[bench] ${line}\n`);
}

function scenarios(s: Settings): Scenario[] {
  const page = (group: Group, name: string, path: string, more: Partial<Scenario> = {}): Scenario => ({
    name,
    group,
    server: group === 'cached' || group === 'sitemap' ? 'app' : 'rendering',
    path,
    headers: {},
    connections: s.connections,
    target: null,
    sampleMemory: false,
    ...more,
  });
  const pages: Array<[string, string]> = [
    ['article', SEED_PATH],
    ['home', '/'],
    ['section', '/tri-service'],
    ['topic', '/topics/russia'],
  ];
  return [
    ...pages.map(([name, path]) => page('cached', `${name}-cached`, path, name === 'article' ? { target: CACHED_TARGET } : {})),
    page('cached', 'feed-cached', '/rss.xml', { sampleMemory: true }),
    page('sitemap', 'sitemap', '/sitemaps/articles/1.xml', { connections: s.sitemapConnections, sampleMemory: true }),
    ...pages.flatMap(([name, path]) => [
      page('rendered', `${name}-rendered`, path, { target: RENDERED_TARGET }),
      page('rendered', `${name}-rendered-br`, path, { target: RENDERED_TARGET, headers: { 'accept-encoding': 'br' } }),
    ]),
    page('search', 'search', '/search?q=drones', { script: FORWARDED_FOR_SCRIPT }),
  ].filter((sc) => !s.only || s.only.includes(sc.name) || s.only.includes(sc.group));
}

async function memoryOf(server: ServerChild): Promise<MemorySnapshot> {
  const [status, stats] = await Promise.all([procStatusMb(server.pid), server.stats()]);
  const mb = (bytes: number | undefined) => tenth((bytes ?? Number.NaN) / 1024 / 1024);
  return {
    rss: tenth(status.VmRSS ?? Number.NaN),
    hwm: tenth(status.VmHWM ?? Number.NaN),
    anon: tenth(status.RssAnon ?? Number.NaN),
    file: tenth(status.RssFile ?? Number.NaN),
    heapUsed: mb(stats.heapUsed),
    heapTotal: mb(stats.heapTotal),
    external: mb(stats.external),
  };
}

/** MB to one decimal: finer is noise. */
const tenth = (n: number) => Math.round(n * 10) / 10;

/** Samples a process's RSS until stopped; resolves with the largest seen. */
function sampleRss(pid: number, everyMs = 50): { stop(): Promise<number> } {
  let peak = 0;
  let busy = false;
  const take = async () => {
    if (busy) return;
    busy = true;
    try {
      peak = Math.max(peak, await rssMb(pid));
    } finally {
      busy = false;
    }
  };
  void take();
  const timer = setInterval(() => void take(), everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await take();
      return tenth(peak);
    },
  };
}

/**
 * Fetches a scenario's page as wrk will ask for it and checks it is what the scenario claims:
 * 200, a page-cache HIT for cached pages (fetched until it is one), never a HIT from the
 * rendering child, brotli when asked for. Returns the answer to copy into the raw twin.
 */
async function fetchPage(sc: Scenario, server: ServerChild): Promise<Fetched> {
  const url = server.origin + sc.path;
  const headers = { ...sc.headers, ...(sc.script === FORWARDED_FOR_SCRIPT ? { 'x-forwarded-for': '10.255.255.254' } : {}) };
  let answer = await get(url, headers);
  for (let tries = 0; sc.group === 'cached' && answer.headers['x-cache'] !== 'HIT' && tries < 20; tries++) {
    await new Promise((r) => setTimeout(r, 50));
    answer = await get(url, headers);
  }
  if (answer.status !== 200) throw new Error(`${sc.name}: GET ${sc.path} answered ${answer.status}`);
  if (sc.group === 'cached' && answer.headers['x-cache'] !== 'HIT')
    throw new Error(`${sc.name}: ${sc.path} never came from the page cache.`);
  if (sc.server === 'rendering') {
    answer = await get(url, headers); // the second render: what a warm process sends
    if (answer.headers['x-cache'] === 'HIT') throw new Error(`${sc.name}: the rendering child answered from its page cache.`);
  }
  if (sc.headers['accept-encoding'] === 'br' && answer.headers['content-encoding'] !== 'br')
    throw new Error(`${sc.name}: asked for brotli, got content-encoding ${String(answer.headers['content-encoding'] ?? 'none')}`);
  return answer;
}

function rawPageOf(answer: Fetched): RawPage {
  const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_HEADERS.has(name)));
  return { status: answer.status, headers, bodyBase64: answer.body.toString('base64') };
}

/** pagebench's median: the middle of the sorted values, the upper one of an even count. */
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measureScenario(
  sc: Scenario,
  server: ServerChild,
  raw: ServerChild,
  settings: Settings,
  page: { bodyBytes: number; streamed: boolean },
): Promise<{ row: Row; peakRssMb: number | null }> {
  const pageRun = () =>
    wrk({
      url: server.origin + sc.path,
      connections: sc.connections,
      seconds: settings.seconds,
      headers: sc.headers,
      ...(sc.script ? { script: sc.script } : {}),
    });
  const rawRun = () =>
    wrk({
      url: `${raw.origin}/${sc.name}`,
      connections: sc.connections,
      seconds: settings.seconds,
      headers: sc.headers,
      ...(sc.script ? { script: sc.script } : {}),
    });
  const sampler = sc.sampleMemory ? sampleRss(server.pid) : null;
  const runs = { page: [] as WrkResult[], raw: [] as WrkResult[] };
  let cpuMicros = 0;
  let rawCpuMicros = 0;
  let misses = 0;
  let peakRssMb: number | null = null;
  try {
    // Warm-up, discarded: the JIT, the page's compressed forms, the sockets.
    await pageRun();
    await rawRun();
    for (let round = 0; round < settings.rounds; round++) {
      const [cpuBefore, statsBefore] = await Promise.all([server.cpuMicros(), server.stats()]);
      runs.page.push(await pageRun());
      const [cpuAfter, statsAfter] = await Promise.all([server.cpuMicros(), server.stats()]);
      cpuMicros += cpuAfter - cpuBefore;
      misses += (statsAfter.pageCacheMisses ?? 0) - (statsBefore.pageCacheMisses ?? 0);
      const rawBefore = await raw.cpuMicros();
      runs.raw.push(await rawRun());
      rawCpuMicros += (await raw.cpuMicros()) - rawBefore;
    }
  } finally {
    if (sampler) peakRssMb = await sampler.stop();
  }

  const requestsPerSecond = median(runs.page.map((r) => r.requestsPerSecond));
  const limit = median(runs.raw.map((r) => r.requestsPerSecond));
  const ratio = limit > 0 ? requestsPerSecond / limit : 0;
  const requests = runs.page.reduce((n, r) => n + r.requests, 0);
  const rawRequests = runs.raw.reduce((n, r) => n + r.requests, 0);
  const perResponse = (list: WrkResult[]) => {
    const n = list.reduce((sum, r) => sum + r.requests, 0);
    return n > 0 ? Math.round(list.reduce((sum, r) => sum + r.bytesRead, 0) / n) : 0;
  };
  const bytesPerResponse = perResponse(runs.page);
  const rawBytesPerResponse = perResponse(runs.raw);

  const problems: string[] = [];
  const errorsOf = (list: WrkResult[], who: string) => {
    const non2xx = list.reduce((n, r) => n + r.non2xx, 0);
    const socket = list.reduce(
      (n, r) => n + r.socketErrors.connect + r.socketErrors.read + r.socketErrors.write + r.socketErrors.timeout,
      0,
    );
    if (non2xx > 0) problems.push(`${who}: ${non2xx} non-2xx`);
    if (socket > 0) problems.push(`${who}: ${socket} socket errors`);
  };
  if (requests === 0) problems.push('no request completed');
  errorsOf(runs.page, 'app');
  errorsOf(runs.raw, 'raw');
  if (sc.group === 'cached' && misses > 0) problems.push(`${misses} page-cache misses`);
  // The same bytes, or the twin measured something else (wrk prints bytes read to three figures).
  if (!page.streamed && rawBytesPerResponse > 0 && Math.abs(bytesPerResponse - rawBytesPerResponse) / rawBytesPerResponse > 0.05)
    problems.push(`app sent ${bytesPerResponse} B a response, raw ${rawBytesPerResponse} B`);
  const invalid = problems.length > 0 ? problems.join('; ') : null;

  return {
    peakRssMb,
    row: {
      name: sc.name,
      group: sc.group,
      path: sc.path,
      headers: sc.headers,
      connections: sc.connections,
      requestsPerSecond,
      latencyP50Ms: median(runs.page.map((r) => r.latencyP50Ms)),
      latencyP99Ms: median(runs.page.map((r) => r.latencyP99Ms)),
      limitRequestsPerSecond: limit,
      ratio,
      target: sc.target,
      met: sc.target === null ? null : invalid === null && ratio >= sc.target,
      serverMicrosPerRequest: requests > 0 ? cpuMicros / requests : 0,
      rawMicrosPerRequest: rawRequests > 0 ? rawCpuMicros / rawRequests : 0,
      bytesPerResponse,
      rawBytesPerResponse,
      bodyBytes: page.bodyBytes,
      streamed: page.streamed,
      invalid,
      runs,
    },
  };
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const ms = (n: number) => fixed(n, n < 10 ? 2 : n < 100 ? 1 : 0);

function resultsTable(rows: Row[], markdown: boolean): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'limit req/s', 'ratio', 'target', 'app µs/req', 'raw µs/req', 'KB', 'check'];
  const body = rows.map((r) => [
    r.name,
    fixed(r.requestsPerSecond, r.requestsPerSecond < 100 ? 1 : 0),
    ms(r.latencyP50Ms),
    ms(r.latencyP99Ms),
    fixed(r.limitRequestsPerSecond, r.limitRequestsPerSecond < 100 ? 1 : 0),
    `${fixed(r.ratio, 3)}×`,
    r.target === null ? '' : `≥ ${r.target}× ${r.met ? 'met' : 'MISSED'}`,
    fixed(r.serverMicrosPerRequest, 0),
    fixed(r.rawMicrosPerRequest, 0),
    fixed(r.bodyBytes / 1024, 1),
    r.invalid ? `INVALID: ${r.invalid}` : 'ok',
  ]);
  return table(header, body, (i) => i >= 1 && i <= 9 && i !== 6, markdown);
}

function memoryLines(memory: Memory, articles: number): string[] {
  const mb = (n: number | null) => (n === null ? 'not measured' : `${n.toFixed(1)} MB`);
  const peak = memory.peakFeedsAndSitemapsMb;
  const verdict = peak === null ? 'not measured' : peak <= RSS_TARGET_MB ? 'met' : 'MISSED';
  const scale =
    articles === RSS_TARGET_ARTICLES
      ? ''
      : ` (judged at ${RSS_TARGET_ARTICLES.toLocaleString('en-GB')} articles; this run has ${articles.toLocaleString('en-GB')})`;
  const parts = (m: MemorySnapshot) =>
    `${mb(m.rss)} (anonymous ${m.anon.toFixed(0)}, file-backed ${m.file.toFixed(0)}; V8 heap ${m.heapUsed.toFixed(0)} used of ${m.heapTotal.toFixed(0)}, external ${m.external.toFixed(0)})`;
  return [
    `app child RSS after warm-up (pages cached, before load): ${parts(memory.afterWarmUp)}`,
    `app child RSS peak while serving feeds and sitemaps (sampled every 50 ms): ${mb(peak)} — target ≤ ${RSS_TARGET_MB} MB: ${verdict}${scale}`,
    `app child RSS at the end: ${parts(memory.atEnd)}; VmHWM, its largest ever: ${mb(memory.atEnd.hwm)}`,
    `rendering child RSS at the end: ${parts(memory.renderingAtEnd)}`,
    `raw node:http child RSS at the end (node alone, no app): ${mb(memory.rawAtEndMb)}`,
  ];
}

function targetLines(rows: Row[]): string[] {
  const targeted = rows.filter((r) => r.target !== null);
  if (targeted.length === 0) return ['no scenario with a target ran (BENCH_ONLY)'];
  return targeted.map(
    (r) =>
      `${r.name}: ${fixed(r.ratio, 3)}× of the limit, target ≥ ${r.target}×: ${r.met ? 'met' : 'MISSED'}${r.invalid ? ` (invalid run: ${r.invalid})` : ''}`,
  );
}

function markdownReport(opts: {
  date: string;
  settings: Settings;
  machine: Machine;
  database: PreparedDatabase;
  rows: Row[];
  memory: Memory;
  endLoadAverage: number[];
  seconds: number;
}): string {
  const { settings: s, machine: m } = opts;
  const list = (lines: string[]) => lines.map((l) => `- ${l}`).join('\n');
  return `# Reader-site benchmark, ${opts.date}, ${s.articles.toLocaleString('en-GB')} articles

\`npm run bench\` (bench/run.ts): wrk against each page and against a bare node:http server
answering the same status, headers and bytes (the limit), alternately, as
the pagebench tool does. Ratio = page req/s ÷ limit req/s (medians of the rounds).

## Results

${resultsTable(opts.rows, true)}

KB: the response body; app µs/req and raw µs/req: the CPU time per response of the server child and of the raw one (the same bytes).

## Targets

${list(targetLines(opts.rows))}

## Memory

${list(memoryLines(opts.memory, s.articles))}

## Settings

${list([
  `articles: ${s.articles.toLocaleString('en-GB')} generated (corpus version ${CORPUS_VERSION}) + the demo outlet, SQLite`,
  `wrk: -t${s.threads} -c${s.connections} -d${s.seconds}s --latency --timeout 30s (sitemap: -c${s.sitemapConnections}); one warm-up run each, then ${s.rounds} round(s) alternating page and limit`,
  `scenarios: ${s.only ? s.only.join(', ') : 'all'}; app log level: ${s.logLevel ?? 'none (as the tests)'}`,
  `database: ${opts.database.fromCache ? 'from the cache' : `generated in ${opts.database.generateSeconds.toFixed(0)} s`}, copied in ${opts.database.copySeconds.toFixed(1)} s`,
  `run took ${(opts.seconds / 60).toFixed(1)} min`,
])}

## Machine

${list([
  `CPU: ${m.cpuModel} × ${m.cpus}`,
  `memory: ${m.memoryMb.toLocaleString('en-GB')} MB (${m.freeMemoryMb.toLocaleString('en-GB')} MB free at the start)`,
  `load average at the start: ${m.loadAverage.join(', ')}; at the end: ${opts.endLoadAverage.join(', ')}`,
  `Node ${m.node}; ${m.wrk}`,
  `kernel: ${m.kernel}`,
  `commit: ${m.commit ?? 'unknown (not a git checkout)'}`,
])}
`;
}

async function main(): Promise<number> {
  const began = performance.now();
  const settings: Settings = {
    articles: Math.round(envNumber('BENCH_ARTICLES', 10_000)),
    seconds: Math.round(envNumber('BENCH_SECONDS', 5, 1)),
    rounds: Math.round(envNumber('BENCH_ROUNDS', 2, 1)),
    connections: Math.round(envNumber('BENCH_CONNECTIONS', 50, 1)),
    sitemapConnections: Math.round(envNumber('BENCH_SITEMAP_CONNECTIONS', 4, 1)),
    threads: WRK_THREADS,
    only: process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : null,
    logLevel: process.env.BENCH_LOG_LEVEL || null,
  };
  const profileDir = process.env.BENCH_PROFILE ? resolve(process.env.BENCH_PROFILE) : null;
  const list = scenarios(settings);
  if (list.length === 0) throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY} names no scenario.`);
  const known = new Set(scenarios({ ...settings, only: null }).flatMap((sc) => [sc.name, sc.group]));
  for (const name of settings.only ?? []) if (!known.has(name)) log(`BENCH_ONLY: no scenario or group is called "${name}"`);
  // Built when the machine (and the commit) is described, not after minutes of generating a corpus.
  buildServer();
  const machine = await describeMachine();
  if (!machine.wrk.startsWith('wrk')) throw new Error(`wrk is needed (apt-get install -y wrk): ${machine.wrk}`);
  log(`${machine.cpuModel} × ${machine.cpus}, Node ${machine.node}, ${machine.wrk}; load average ${machine.loadAverage.join(' ')}`);

  const dir = await mkdtemp(join(tmpdir(), 'despatch-bench-'));
  tempDir = dir;
  try {
    const database = await prepareDatabase(SITE_URL, settings.articles, dir, log);
    const appSetup: AppServerSetup = {
      databaseUrl: database.databaseUrl,
      mediaDir: database.mediaDir,
      siteUrl: SITE_URL,
      logLevel: settings.logLevel,
      pageCache: true,
      trustProxy: 1,
    };
    const profile = (name: string) => (profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : []);
    // The app children run with npm start's V8 flags and environment; the raw child with node's defaults, as pagebench runs it.
    const [flags, env] = await Promise.all([startFlags(), startEnv()]);
    const app = await startServer('app', './app-server.ts', appSetup, [...flags, ...profile('app')], env);
    const rendering = await startServer(
      'rendering',
      './app-server.ts',
      { ...appSetup, pageCache: false },
      [...flags, ...profile('rendering')],
      env,
    );
    const serverOf = (sc: Scenario) => (sc.server === 'app' ? app : rendering);

    // Warm-up: every page fetched as wrk will ask for it (cached ones until the cache holds them), its answer copied for the limit.
    const pages: Record<string, RawPage> = {};
    const answered = new Map<string, { bodyBytes: number; streamed: boolean }>();
    for (const sc of list) {
      const answer = await fetchPage(sc, serverOf(sc));
      pages[`/${sc.name}`] = rawPageOf(answer);
      answered.set(sc.name, { bodyBytes: answer.body.length, streamed: answer.headers['transfer-encoding'] === 'chunked' });
    }
    // The rendering child must send the very page the cache holds, or the rendered scenarios measure another page.
    const cachedArticle = pages['/article-cached'];
    const renderedArticle = pages['/article-rendered'];
    if (cachedArticle && renderedArticle && cachedArticle.bodyBase64 !== renderedArticle.bodyBase64)
      throw new Error('The rendering child sent a different article page from the cached one.');
    const afterWarmUp = await memoryOf(app);
    const raw = await startServer<RawServerSetup>('raw', './raw-server.ts', { pages }, profile('raw'));
    log(`app pid ${app.pid} ${app.origin}; rendering pid ${rendering.pid} ${rendering.origin}; raw node:http pid ${raw.pid} ${raw.origin}`);
    const perScenario = (settings.rounds + 1) * 2 * settings.seconds;
    log(`${list.length} scenarios × ${perScenario}s ≈ ${Math.ceil((list.length * perScenario) / 60)} min`);

    const rows: Row[] = [];
    let peakFeedsAndSitemaps: number | null = null;
    for (const sc of list) {
      log(`${sc.name}: ${sc.path}${sc.headers['accept-encoding'] ? ` (accept-encoding: ${sc.headers['accept-encoding']})` : ''}`);
      const { row, peakRssMb } = await measureScenario(sc, serverOf(sc), raw, settings, answered.get(sc.name)!);
      if (peakRssMb !== null) peakFeedsAndSitemaps = Math.max(peakFeedsAndSitemaps ?? 0, peakRssMb);
      log(
        `  ${fixed(row.requestsPerSecond, 0)} req/s, limit ${fixed(row.limitRequestsPerSecond, 0)}, ratio ${fixed(row.ratio, 3)}${row.invalid ? `, INVALID: ${row.invalid}` : ''}`,
      );
      rows.push(row);
    }
    const [atEnd, renderingAtEnd, rawAtEndMb] = await Promise.all([memoryOf(app), memoryOf(rendering), rssMb(raw.pid)]);
    const memory: Memory = { afterWarmUp, peakFeedsAndSitemapsMb: peakFeedsAndSitemaps, atEnd, renderingAtEnd, rawAtEndMb };
    await stopAllServers();

    const endLoadAverage = loadavg().map((n) => Math.round(n * 100) / 100);
    const seconds = (performance.now() - began) / 1000;
    console.log();
    console.log(resultsTable(rows, false));
    console.log();
    for (const line of targetLines(rows)) console.log(line);
    console.log();
    for (const line of memoryLines(memory, settings.articles)) console.log(line);

    const date = new Date().toISOString().slice(0, 10);
    const markdown = markdownReport({ date, settings, machine, database, rows, memory, endLoadAverage, seconds });
    const json = {
      date: new Date().toISOString(),
      settings: {
        ...settings,
        corpusVersion: CORPUS_VERSION,
        wrkFlags: `-t${settings.threads} -c<connections> -d${settings.seconds}s --latency --timeout 30s`,
      },
      machine: { ...machine, endLoadAverage },
      database: { fromCache: database.fromCache, generateSeconds: database.generateSeconds, copySeconds: database.copySeconds },
      targets: { cachedRatio: CACHED_TARGET, renderedRatio: RENDERED_TARGET, rssMb: RSS_TARGET_MB, rssArticles: RSS_TARGET_ARTICLES },
      memory,
      scenarios: rows,
      seconds,
    };
    const files = await writeResults(`${date}-${settings.articles}`, markdown, json);
    console.log();
    for (const file of files) console.log(`written: ${file}`);
    return 0;
  } finally {
    await cleanUp();
  }
}

/** The run's temporary directory (the database copy, media), removed however the run ends. */
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
