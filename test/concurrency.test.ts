import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { start } from '../src/boot.js';
import { dropPostgresSchema, openDatabase } from '../src/db/database.js';
import { silentLogger } from '../src/kernel/logger.js';
import { createTestContext, formHeaders } from './helpers/app.js';
import { countArticles, importConcurrently, urlWithSchema, writePages, type ImportLine } from './helpers/concurrent-imports.js';
import { TEST_DATABASE_URL } from './helpers/databases.js';
import { unusedMediaDir } from './helpers/media-dir.js';

/**
 * Several writers at once, as production has them: importers run by cron and by hand while
 * readers sign up. CI-sized here (PAGES pages); `npm run bench` runs the full-sized version.
 * Every page must land once and every reported result must be true.
 */
const PAGES = Number(process.env.CONCURRENCY_PAGES ?? 24);

interface Target {
  name: string;
  /** The URL child processes use. */
  url: string;
  open(): ReturnType<typeof openDatabase>;
  drop(): Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-concurrency-db-'));
  const url = `sqlite:${join(dir, 'site.db')}`;
  return { name: 'sqlite', url, open: () => openDatabase(url), drop: () => rm(dir, { recursive: true, force: true }) };
}

function postgresTarget(): Target {
  const schema = `t_conc_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  return {
    name: 'postgres',
    url: urlWithSchema(TEST_DATABASE_URL!, schema),
    open: () => openDatabase(TEST_DATABASE_URL!, { schema }),
    drop: () => dropPostgresSchema(TEST_DATABASE_URL!, schema),
  };
}

/** A fresh, migrated database for one test, and a folder for its page files. */
async function withTarget(kind: 'sqlite' | 'postgres', body: (target: Target, dir: string) => Promise<void>) {
  const target = kind === 'sqlite' ? await sqliteTarget() : postgresTarget();
  const dir = await mkdtemp(join(tmpdir(), 'despatch-concurrency-'));
  try {
    await (await start(await target.open(), { siteUrl: 'https://example.org', log: silentLogger, mediaDir: unusedMediaDir() })).close();
    await body(target, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await target.drop();
  }
}

const articleCount = (target: Target) => countArticles(() => target.open());

/** Every process exited 0 and reported every one of its files as imported, none falsely failed. */
function assertAllTrue(runs: Array<{ code: number; lines: ImportLine[]; stderr: string }>, batches: string[][]) {
  runs.forEach((r, i) => {
    assert.deepEqual(
      r.lines.filter((l) => !l.ok),
      [],
      `process ${i + 1} reported no failures (stderr: ${r.stderr.slice(0, 500)})`,
    );
    assert.deepEqual(
      r.lines.map((l) => l.file),
      batches[i],
      `process ${i + 1} reported every file (exit code ${r.code}, stderr: ${r.stderr.slice(0, 500)})`,
    );
    assert.equal(r.code, 0, `process ${i + 1} exited 0`);
  });
}

/** Each page is one article: every process saw the same id for it, and exactly one of them created it. */
function assertEachPageOnce(runs: Array<{ lines: ImportLine[] }>, files: string[]) {
  for (const file of files) {
    const seen = runs.flatMap((r) => r.lines.filter((l) => l.file === file));
    assert.equal(new Set(seen.map((l) => l.id)).size, 1, `${file} is one article`);
    assert.equal(seen.filter((l) => l.existing === false).length, 1, `${file} was created by exactly one process`);
  }
}

for (const kind of ['sqlite', 'postgres'] as const) {
  const skip = kind === 'postgres' && !TEST_DATABASE_URL ? 'PostgreSQL tests skipped: TEST_DATABASE_URL is not set' : false;
  describe(`concurrent writers [${kind}]`, { skip }, () => {
    test('two importers of the same pages: every page once, no result wrongly failed, both exit 0', async () => {
      await withTarget(kind, async (target, dir) => {
        const files = await writePages(dir, 0, PAGES);
        const batches = [files, files];
        const runs = await importConcurrently(target.url, batches, dir);
        assertAllTrue(runs, batches);
        assertEachPageOnce(runs, files);
        assert.equal(await articleCount(target), PAGES);
      });
    });

    test('four importers of the same and of different pages, in different orders', async () => {
      await withTarget(kind, async (target, dir) => {
        const shared = await writePages(dir, 0, PAGES / 2);
        const first = await writePages(dir, 1000, 1000 + PAGES / 4);
        const second = await writePages(dir, 2000, 2000 + PAGES / 4);
        const batches = [
          [...shared, ...first],
          [...[...shared].reverse(), ...second],
          [...first, ...shared],
          [...second, ...[...shared].reverse()],
        ];
        const runs = await importConcurrently(target.url, batches, dir);
        assertAllTrue(runs, batches);
        assertEachPageOnce(runs, [...shared, ...first, ...second]);
        assert.equal(await articleCount(target), shared.length + first.length + second.length);
      });
    });

    test('readers sign up to the newsletter while an import runs: every sign-up and every page lands', async () => {
      await withTarget(kind, async (target, dir) => {
        const files = await writePages(dir, 0, PAGES);
        const ctx = await createTestContext({ database: { name: kind, open: () => target.open() } });
        try {
          const importing = importConcurrently(target.url, [files], dir);
          const signUps: number[] = [];
          for (let i = 0; i < 40; i++) {
            const res = await ctx.app.inject({
              method: 'POST',
              url: '/newsletter',
              headers: { ...formHeaders, 'x-forwarded-for': `192.0.2.${i}` },
              // A fresh address each time, from many readers: the per-address limit is not what this tests.
              remoteAddress: `198.51.100.${i}`,
              payload: `email=reader${i}%40example.org&source=%2F`,
            });
            signUps.push(res.statusCode);
          }
          const runs = await importing;
          assert.deepEqual(
            signUps,
            signUps.map(() => 303),
            'every sign-up was taken',
          );
          assertAllTrue(runs, [files]);
          const stored = await ctx.handle.db
            .selectFrom('subscribers')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow();
          assert.equal(Number(stored.n), 40);
          assert.equal(await articleCount(target), PAGES);
        } finally {
          await ctx.close();
        }
      });
    });
  });
}
