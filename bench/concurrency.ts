/**
 * `npm run bench` (second part): the full-sized concurrency runs that the test suite runs at
 * CI size (test/concurrency.test.ts). Two importers of the same PAGES pages, then four
 * importers of overlapping sets, on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.
 * Reports per run: pages, articles stored, results reported as failed, exit statuses, time.
 *
 * Environment: BENCH_CONCURRENCY_PAGES (200), TEST_DATABASE_URL (a PostgreSQL URL).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../src/boot.js';
import { dropPostgresSchema, openDatabase } from '../src/db/database.js';
import { silentLogger } from '../src/kernel/logger.js';
import { countArticles, importConcurrently, urlWithSchema, writePages } from '../test/helpers/concurrent-imports.js';
import { unusedMediaDir } from '../test/helpers/media-dir.js';

const PAGES = Number(process.env.BENCH_CONCURRENCY_PAGES ?? 200);
const PG = process.env.TEST_DATABASE_URL;

interface Target {
  name: string;
  url: string;
  open(): ReturnType<typeof openDatabase>;
  drop(): Promise<void>;
}

async function targets(): Promise<Target[]> {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-bench-conc-db-'));
  const list: Target[] = [];
  let n = 0;
  const sqlite = (): Target => {
    const url = `sqlite:${join(dir, `site-${++n}.db`)}`;
    return { name: 'sqlite', url, open: () => openDatabase(url), drop: async () => {} };
  };
  list.push(sqlite());
  if (PG) {
    const schema = `bench_conc_${process.pid}`;
    list.push({
      name: 'postgres',
      url: urlWithSchema(PG, schema),
      open: () => openDatabase(PG, { schema }),
      drop: () => dropPostgresSchema(PG, schema),
    });
  }
  process.on('exit', () => void rm(dir, { recursive: true, force: true }));
  return list;
}

const count = (target: Target) => countArticles(() => target.open());

async function scenario(target: Target, name: string, batches: (dir: string) => Promise<string[][]>, expected: number) {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-bench-conc-'));
  try {
    await (await start(await target.open(), { siteUrl: 'https://example.org', log: silentLogger, mediaDir: unusedMediaDir() })).close();
    const files = await batches(dir);
    const began = performance.now();
    const runs = await importConcurrently(target.url, files, dir);
    const seconds = (performance.now() - began) / 1000;
    const failed = runs.flatMap((r) => r.lines.filter((l) => !l.ok));
    const articles = await count(target);
    const ok = failed.length === 0 && runs.every((r) => r.code === 0) && articles === expected;
    console.log(
      `${target.name.padEnd(8)} ${name.padEnd(44)} articles ${String(articles).padStart(4)}/${expected}  failed results ${failed.length}  exits ${runs.map((r) => r.code).join(',')}  ${seconds.toFixed(1)}s  ${ok ? 'OK' : 'FAIL'}`,
    );
    for (const f of failed.slice(0, 5)) console.log(`         ${f.file}: ${f.code} ${f.error}`);
    return ok;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await target.drop();
  }
}

let allOk = true;
for (const target of await targets()) {
  allOk &&= await scenario(
    target,
    `2 importers, same ${PAGES} pages`,
    async (dir) => {
      const files = await writePages(dir, 0, PAGES);
      return [files, files];
    },
    PAGES,
  );
}
for (const target of await targets()) {
  allOk &&= await scenario(
    target,
    `4 importers, ${PAGES} pages, half shared`,
    async (dir) => {
      const shared = await writePages(dir, 0, PAGES / 2);
      const a = await writePages(dir, 10_000, 10_000 + PAGES / 4);
      const b = await writePages(dir, 20_000, 20_000 + PAGES / 4);
      return [[...shared, ...a], [...shared].reverse().concat(b), [...a, ...shared], [...b, ...[...shared].reverse()]];
    },
    PAGES,
  );
}
process.exitCode = allOk ? 0 : 1;
