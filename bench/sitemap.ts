/**
 * `npx tsx bench/sitemap.ts`: the article sitemaps of a very large archive (a million
 * articles by default) served by the real app in its own process, to show that they stream:
 * every page is fetched, its size and time reported, and the server's peak memory (VmHWM)
 * compared with what it used before the first sitemap was asked for.
 *
 * The archive is written straight into the tables in large transactions (the article
 * service would take an hour for a million): rows as the service writes them, published,
 * one a minute back from now, in four sections.
 *
 * Environment: BENCH_SITEMAP_ARTICLES (1,000,000).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseSitemap, parseSitemapIndex } from 'sitemap';
import { boot } from '../src/boot.js';
import { systemActor } from '../src/domain/access/index.js';
import { silentLogger } from '../src/kernel/logger.js';
import type { AppServerSetup } from './app-server.js';
import { buildServer } from './build.js';
import { get } from './load.js';
import { procStatusMb } from './proc-status.js';
import { startServer, stopAllServers } from './servers.js';
import { writeArchive, type ArchiveStory } from '../test/helpers/archive.js';

const SITE_URL = 'http://despatch.bench';
const ROWS_PER_TRANSACTION = 5_000;

function log(line: string) {
  process.stderr.write(`[sitemap] ${line}\n`);
}

/** The largest resident set a process has had, in MB (Linux's VmHWM). */
const peakMb = async (pid: number): Promise<number> => (await procStatusMb(pid)).VmHWM ?? Number.NaN;

async function writeSitemapArchive(databaseUrl: string, mediaDir: string, count: number) {
  const { services, handle, close } = await boot({ databaseUrl, siteUrl: SITE_URL, mediaDir }, { log: silentLogger });
  try {
    const actor = systemActor('sitemap bench');
    const sections = await Promise.all(['Army', 'Navy', 'RAF', 'Tri-Service'].map((name) => services.taxonomy.ensureSection(actor, name)));
    const started = performance.now();
    const now = Date.now();
    for (let from = 0; from < count; from += ROWS_PER_TRANSACTION) {
      const stories: ArchiveStory[] = [];
      for (let i = from; i < Math.min(count, from + ROWS_PER_TRANSACTION); i++) {
        stories.push({
          id: randomUUID(),
          slug: `archive-story-${i}`,
          sectionId: sections[i % sections.length]!.id,
          headline: `Archive story number ${i}`,
          standfirst: 'A story from the archive.',
          body: 'Troops took part, the Ministry of Defence said.',
          at: new Date(now - (count - i) * 60_000).toISOString(),
          ...(i % 3 === 0 ? { hero: { url: `https://images.example/archive/${i}.jpg`, alt: `Picture for story ${i}` } } : {}),
        });
      }
      await writeArchive(handle.db, stories);
      if ((from / ROWS_PER_TRANSACTION) % 40 === 0) log(`${from.toLocaleString('en-GB')} articles written`);
    }
    log(`${count.toLocaleString('en-GB')} articles written in ${((performance.now() - started) / 1000).toFixed(1)}s`);
  } finally {
    await close();
  }
}

async function main(): Promise<number> {
  const count = Number(process.env.BENCH_SITEMAP_ARTICLES ?? 1_000_000);
  buildServer();
  const dir = await mkdtemp(join(tmpdir(), 'despatch-sitemap-'));
  try {
    const databaseUrl = `sqlite:${join(dir, 'despatch.db')}`;
    const mediaDir = join(dir, 'media');
    await writeSitemapArchive(databaseUrl, mediaDir, count);
    const setup: AppServerSetup = { databaseUrl, mediaDir, siteUrl: SITE_URL, logLevel: null, pageCache: true };
    const app = await startServer('app', './app-server.ts', setup);
    const before = await peakMb(app.pid);
    log(`app listening; peak memory so far ${before.toFixed(0)} MB`);

    const index = await get(`${app.origin}/sitemap.xml`);
    const pages = (await parseSitemapIndex(Readable.from([index.body]))).map((i) => i.url).filter((u) => u.includes('/sitemaps/articles/'));
    let listed = 0;
    let slowest = 0;
    for (const url of pages) {
      const started = performance.now();
      const res = await get(app.origin + url.slice(SITE_URL.length));
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      const urls = (await parseSitemap(Readable.from([res.body]))).length;
      listed += urls;
      slowest = Math.max(slowest, ms);
      log(
        `${url.slice(SITE_URL.length)}: ${urls.toLocaleString('en-GB')} URLs, ${(res.body.length / 1024 / 1024).toFixed(1)} MB in ${ms.toFixed(0)} ms`,
      );
    }
    const after = await peakMb(app.pid);
    await stopAllServers();
    console.log(
      JSON.stringify({
        articles: count,
        sitemapPages: pages.length,
        urlsListed: listed,
        slowestPageMs: Math.round(slowest),
        peakMbBeforeSitemaps: Math.round(before),
        peakMbAfterSitemaps: Math.round(after),
      }),
    );
    if (listed !== count) {
      log(`FAIL: the sitemaps list ${listed} articles, not ${count}`);
      return 1;
    }
    return 0;
  } finally {
    await stopAllServers();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    void stopAllServers().finally(() => process.exit(1));
  },
);
