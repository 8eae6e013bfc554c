/**
 * `npx tsx bench/memory.ts` (part of `npm run bench`): the server's memory as it runs in
 * production — `node dist/main.js` with the V8 flags of `npm start`, compiled by `npm run
 * build` (BENCH_NODE_FLAGS replaces the flags) — on the benchmark corpus
 * (BENCH_ARTICLES, 100,000 by default here: the size the target is judged at). It reads the
 * server's RSS at rest, after the reader pages are cached, and at its peak (sampled every
 * 50 ms) while wrk asks for the feeds and every article sitemap page is read, then during a
 * crawl of every section's listing pages and thousands of stories (which fills the caches to
 * CACHE_MB), and writes the figures to bench/results/<date>-memory-<articles>.md. Target:
 * ≤ 150 MB for both.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CACHE_MB } from '../src/kernel/cache-budget.js';
import { buildServer } from './build.js';
import { prepareDatabase } from './corpus-cache.js';
import { procStatusMb, rssMb } from './proc-status.js';
import { describeMachine, writeResults } from './report.js';
import { startEnv, startFlags } from './start-flags.js';
import { wrk } from './wrk.js';
import { freePort } from '../test/helpers/ports.js';

const TARGET_MB = 150;
const SITE_URL = 'http://despatch.bench';
const articles = Number(process.env.BENCH_ARTICLES ?? 100_000);
/** Listing pages crawled per section, stories crawled, and requests in flight at once. */
const CRAWL_LISTING_PAGES = Number(process.env.BENCH_CRAWL_LISTING_PAGES ?? 400);
const CRAWL_STORIES = Number(process.env.BENCH_CRAWL_STORIES ?? 3000);
const CRAWL_CONNECTIONS = 4;
/** Links in the masthead and footer that are not sections. */
const NOT_SECTIONS = new Set([
  'about',
  'contact',
  'corrections',
  'newsletter',
  'privacy',
  'terms',
  'search',
  'topics',
  'series',
  'authors',
]);
/** The caches' budget the server runs with (its default unless CACHE_MB is set). */
const cacheMb = Number(process.env.CACHE_MB ?? DEFAULT_CACHE_MB);
const root = new URL('..', import.meta.url).pathname;

/** RSS, and its split into anonymous memory (V8's heap, buffers, malloc) and file-backed (node's own code, libraries). */
async function rssWithSplit(pid: number): Promise<[number, string]> {
  const status = await procStatusMb(pid);
  return [
    status.VmRSS ?? Number.NaN,
    `anonymous ${(status.RssAnon ?? Number.NaN).toFixed(0)}, file-backed ${(status.RssFile ?? Number.NaN).toFixed(0)}`,
  ];
}

async function main() {
  buildServer();
  const runDir = await mkdtemp(join(tmpdir(), 'despatch-memory-'));
  try {
    const db = await prepareDatabase(SITE_URL, articles, runDir, (line) => console.log(line));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const [flags, startEnvironment] = await Promise.all([startFlags(), startEnv()]);
    console.log(`node ${[...flags, 'dist/main.js'].join(' ')}`);
    const server = spawn(process.execPath, [...flags, 'dist/main.js'], {
      cwd: root,
      env: {
        ...process.env,
        ...startEnvironment,
        DATABASE_URL: db.databaseUrl,
        MEDIA_DIR: db.mediaDir,
        MAIL_OUTBOX_DIR: join(runDir, 'outbox'),
        PORT: String(port),
        HOST: '127.0.0.1',
        SITE_URL,
        DEMO: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    try {
      for (let i = 0; ; i++) {
        const up = await fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        if (i > 600) throw new Error('the server did not become ready');
        await new Promise((r) => setTimeout(r, 100));
      }
      const pid = server.pid!;
      const [atRest, atRestSplit] = await rssWithSplit(pid);
      const pages = ['/', '/tri-service/putin-russia-considering-airstrikes-against-islamic-state', '/army', '/topics/vladimir-putin'];
      for (const page of pages) for (let i = 0; i < 3; i++) await (await fetch(base + page)).arrayBuffer();
      const warm = await rssMb(pid);

      let peak = warm;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, await rssMb(pid));
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const feeds = ['/rss.xml', '/atom.xml', '/feed.json', '/army/rss.xml', '/topics/vladimir-putin/rss.xml'];
      for (const feed of feeds) await wrk({ url: base + feed, connections: 20, seconds: 2 });
      const index = await (await fetch(`${base}/sitemap.xml`)).text();
      const sitemaps = [...index.matchAll(/<loc>[^<]*(\/sitemap[^<]*)<\/loc>/g)].map((m) => m[1]!);
      // Twice, so what the first round left behind is there for the second.
      let sitemapBytes = 0;
      for (let round = 0; round < 2; round++)
        for (const path of sitemaps) {
          const bytes = (await (await fetch(base + path)).arrayBuffer()).byteLength;
          if (round === 0) sitemapBytes += bytes;
        }
      const feedPeak = peak;
      const [afterFeeds, afterFeedsSplit] = await rssWithSplit(pid);

      // A crawler's visit: every section's listing pages and thousands of stories, each page
      // new to the caches, which fill to their budget (CACHE_MB) and drop their oldest.
      peak = await rssMb(pid);
      const sections = [
        ...new Set([...(await (await fetch(`${base}/`)).text()).matchAll(/<a href="\/([a-z-]+)"/g)].map((m) => m[1]!)),
      ].filter((slug) => !NOT_SECTIONS.has(slug));
      const listings = sections.flatMap((slug) => Array.from({ length: CRAWL_LISTING_PAGES }, (_, i) => `/${slug}?page=${i + 1}`));
      const stories: string[] = [];
      for (const path of sitemaps.filter((p) => p.includes('articles'))) {
        const xml = await (await fetch(base + path)).text();
        for (const m of xml.matchAll(/<loc>https?:\/\/[^/<]+(\/[^<]*)<\/loc>/g)) if (stories.length < CRAWL_STORIES) stories.push(m[1]!);
        if (stories.length >= CRAWL_STORIES) break;
      }
      const crawl = [...listings, ...stories];
      let statuses = 0;
      for (let i = 0; i < crawl.length; i += CRAWL_CONNECTIONS)
        await Promise.all(
          crawl.slice(i, i + CRAWL_CONNECTIONS).map(async (path) => {
            const response = await fetch(base + path);
            await response.arrayBuffer();
            if (response.status !== 200) statuses++;
          }),
        );
      if (statuses > 0) throw new Error(`${statuses} of ${crawl.length} crawled pages did not answer 200`);
      const crawlPeak = peak;
      sampling = false;
      await sampler;
      const [atEnd, atEndSplit] = await rssWithSplit(pid);

      const mb = (n: number) => `${n.toFixed(1)} MB`;
      const verdict = feedPeak <= TARGET_MB ? 'met' : 'MISSED';
      const lines = [
        `RSS at rest (started, nothing served): ${mb(atRest)} (${atRestSplit})`,
        `RSS with the reader pages cached: ${mb(warm)}`,
        `RSS peak while serving ${feeds.length} feeds under wrk and ${sitemaps.length} sitemaps twice (${(sitemapBytes / 1048576).toFixed(1)} MB a round): ${mb(feedPeak)} — target ≤ ${TARGET_MB} MB: ${verdict}; after them ${mb(afterFeeds)} (${afterFeedsSplit})`,
        `RSS peak during a crawl of ${listings.length.toLocaleString('en-GB')} listing pages (${sections.join(', ')}) and ${stories.length.toLocaleString('en-GB')} stories, ${CRAWL_CONNECTIONS} at a time, with CACHE_MB ${cacheMb}: ${mb(crawlPeak)} — target ≤ ${TARGET_MB} MB: ${crawlPeak <= TARGET_MB ? 'met' : 'MISSED'}`,
        `RSS at the end: ${mb(atEnd)} (${atEndSplit})`,
      ];
      for (const line of lines) console.log(line);
      const machine = await describeMachine();
      const date = new Date().toISOString().slice(0, 10);
      const markdown = `# Server memory, ${date}, ${articles.toLocaleString('en-GB')} articles\n\n\`npx tsx bench/memory.ts\`: \`node dist/main.js\` (as \`npm start\` runs it) on the benchmark corpus.\n\n${lines.map((l) => `- ${l}`).join('\n')}\n\nMachine: ${JSON.stringify(machine)}\n`;
      const written = await writeResults(`${date}-memory-${articles}`, markdown, {
        articles,
        atRest,
        warm,
        peak: feedPeak,
        afterFeeds,
        crawlPeak,
        crawled: { listings: listings.length, stories: stories.length, cacheMb },
        atEnd,
        targetMb: TARGET_MB,
        machine,
      });
      console.log(`written: ${written.join(', ')}`);
    } finally {
      server.kill('SIGTERM');
    }
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
