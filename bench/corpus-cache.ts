import { access, copyFile, cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { boot } from '../src/boot.js';
import { loadDemo } from '../src/demo.js';
import { silentLogger } from '../src/kernel/logger.js';
import { CORPUS_ID_PREFIX, CORPUS_VERSION, writeCorpus } from './corpus.js';

/** Generated databases, one folder per corpus version and size (ignored by git). */
export const CACHE_DIR = fileURLToPath(new URL('./.cache/', import.meta.url));
const DATABASE_FILE = 'despatch.db';

export interface PreparedDatabase {
  /** `sqlite:<runDir>/despatch.db`: a copy of the cached database, so the run never changes the cache. */
  databaseUrl: string;
  mediaDir: string;
  /** The cache folder it was copied from. */
  cachedIn: string;
  /** False when this run generated it. */
  fromCache: boolean;
  /** Seconds spent generating (0 from the cache) and copying. */
  generateSeconds: number;
  copySeconds: number;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The database the app children serve, in `runDir`: migrations, the demo outlet (with its
 * pictures sized), `articles` generated corpus articles, the search index rebuilt over all of
 * them, and the demo stories' "More stories" reworked with the archive behind them. Generated
 * once per (CORPUS_VERSION, articles) into bench/.cache/ and copied from there afterwards.
 */
export async function prepareDatabase(
  siteUrl: string,
  articles: number,
  runDir: string,
  log: (line: string) => void,
): Promise<PreparedDatabase> {
  const cachedIn = join(CACHE_DIR, `corpus-v${CORPUS_VERSION}-${articles}`);
  let generateSeconds = 0;
  const fromCache = await exists(join(cachedIn, DATABASE_FILE));
  if (fromCache) log(`database: from the cache, ${cachedIn}`);
  else {
    // Built beside the cache and renamed into place, so an interrupted build is never taken for a finished one.
    const building = `${cachedIn}.building-${process.pid}`;
    await rm(building, { recursive: true, force: true });
    await mkdir(building, { recursive: true });
    const started = performance.now();
    try {
      await generate(siteUrl, building, articles, log);
      await rm(cachedIn, { recursive: true, force: true });
      await rename(building, cachedIn);
    } finally {
      await rm(building, { recursive: true, force: true });
    }
    generateSeconds = (performance.now() - started) / 1000;
    log(`database: generated in ${generateSeconds.toFixed(1)}s, cached in ${cachedIn}`);
  }

  const copying = performance.now();
  // The database file and any -wal/-shm left beside it (a clean close leaves none), and the demo's pictures.
  for (const name of await readdir(cachedIn)) if (name.startsWith(DATABASE_FILE)) await copyFile(join(cachedIn, name), join(runDir, name));
  await cp(join(cachedIn, 'media'), join(runDir, 'media'), { recursive: true });
  const copySeconds = (performance.now() - copying) / 1000;
  return {
    databaseUrl: `sqlite:${join(runDir, DATABASE_FILE)}`,
    mediaDir: join(runDir, 'media'),
    cachedIn,
    fromCache,
    generateSeconds,
    copySeconds,
  };
}

async function generate(siteUrl: string, dir: string, articles: number, log: (line: string) => void): Promise<void> {
  const databaseUrl = `sqlite:${join(dir, DATABASE_FILE)}`;
  const mediaDir = join(dir, 'media');
  await mkdir(mediaDir, { recursive: true });
  const { services, handle, runner, close } = await boot({ databaseUrl, siteUrl, mediaDir }, { log: silentLogger });
  try {
    let started = performance.now();
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
    const demo = await loadDemo(services);
    await runner.runDue(); // the demo's pictures, sized as the app would size them
    log(`database: demo outlet (${demo} articles) in ${elapsed()}`);

    started = performance.now();
    const step = Math.max(5_000, Math.ceil(articles / 10 / 5_000) * 5_000);
    await writeCorpus(services, handle.db, articles, (written) => {
      if (written % step === 0 && written < articles) log(`database: ${written.toLocaleString('en-GB')} corpus articles written`);
    });
    log(`database: ${articles.toLocaleString('en-GB')} corpus articles written in ${elapsed()}`);

    started = performance.now();
    const indexed = await services.search.rebuild();
    log(`database: search index rebuilt over ${indexed.toLocaleString('en-GB')} articles in ${elapsed()}`);

    // The demo's stories ranked their related stories among themselves when they were published; rank them again with the archive.
    const demoIds = await handle.db
      .selectFrom('articles')
      .select('article_id')
      .where('article_id', 'not like', `${CORPUS_ID_PREFIX}%`)
      .where('status', '=', 'published')
      .execute();
    for (const { article_id } of demoIds) await services.related.refresh(article_id);
  } finally {
    await close();
  }
}
