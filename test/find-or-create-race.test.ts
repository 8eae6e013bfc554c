import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { start } from '../src/boot.js';
import { dropPostgresSchema, openDatabase } from '../src/db/database.js';
import { silentLogger } from '../src/kernel/logger.js';
import { TEST_DATABASE_URL } from './helpers/databases.js';
import { unusedMediaDir } from './helpers/media-dir.js';

/**
 * Two `despatch import` processes at once, each importing pages that name the same new
 * sections, series and topics (spelt in different cases): the unique name keys must settle
 * every race, so each name exists once and every page lands.
 */
const run = promisify(execFile);
const BIN = new URL('../bin/despatch.mjs', import.meta.url).pathname;
const PAGES_PER_PROCESS = 12;

/** Page `i` as process `who` writes it: the same desk, series and topics as the other process's page `i`, in other cases. */
function page(who: 'a' | 'b', i: number): string {
  const shout = (s: string) => (who === 'a' ? s : s.toUpperCase());
  return [
    shout(`Joint Desk ${i}`),
    `${shout(`Frontline Dispatches ${i}`)} | ${who === 'a' ? 'Ammunition' : 'Fuel'} convoy ${i} reaches the front`,
    `Logistics units moved supplies overnight, officials said (${who}${i}).`,
    `The convoy travelled ${i * 10} miles without incident.`,
    '"It was a long night," said Sergeant Amy Clarke.',
    'Related topics',
    shout(`Logistics Corps ${i}`),
    shout('Royal Logistic Corps'),
  ].join('\n\n');
}

async function race(databaseUrl: string, schema?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-race-'));
  try {
    const files = { a: [] as string[], b: [] as string[] };
    for (const who of ['a', 'b'] as const)
      for (let i = 0; i < PAGES_PER_PROCESS; i++) {
        const file = join(dir, `${who}-${i}.txt`);
        await writeFile(file, page(who, i));
        files[who].push(file);
      }
    // A test schema goes in the URL, so the child processes use it too.
    const url = schema
      ? `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
      : databaseUrl;
    const open = () => openDatabase(databaseUrl, schema ? { schema } : {});
    // Migrate first: the race under test is find-or-create, not two first starts.
    await (await start(await open(), { siteUrl: 'https://example.org', log: silentLogger, mediaDir: unusedMediaDir() })).close();

    const env = { PATH: process.env.PATH, DATABASE_URL: url, SITE_URL: 'https://example.org' };
    const importAll = (list: string[]) => run(process.execPath, [BIN, 'import', '--create-sections', ...list, '--json'], { env, cwd: dir });
    const [a, b] = await Promise.all([importAll(files.a), importAll(files.b)]);
    const results = [...a.stdout.trim().split('\n'), ...b.stdout.trim().split('\n')].map((l) => JSON.parse(l));
    assert.equal(results.length, PAGES_PER_PROCESS * 2);
    assert.deepEqual(
      results.filter((r) => !r.ok),
      [],
      'every page imported',
    );

    const handle = await open();
    try {
      const count = async (table: 'articles' | 'sections' | 'series' | 'topics') =>
        Number(
          (
            await handle.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      assert.equal(await count('articles'), PAGES_PER_PROCESS * 2, 'every page is one article');
      assert.equal(await count('sections'), PAGES_PER_PROCESS, 'one section per desk name, whatever its case');
      assert.equal(await count('series'), PAGES_PER_PROCESS, 'one series per programme name');
      assert.equal(await count('topics'), PAGES_PER_PROCESS + 1, 'one topic per name');
      const slugs = await handle.db.selectFrom('sections').select('slug').execute();
      assert.ok(
        slugs.every((s) => /^joint-desk-\d+$/.test(s.slug)),
        'no "-2" slugs from a lost race',
      );
    } finally {
      await handle.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('two importers racing to create the same sections, series and topics make one of each [sqlite]', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-race-db-'));
  try {
    await race(`sqlite:${join(dir, 'race.db')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test(
  'two importers racing to create the same sections, series and topics make one of each [postgres]',
  { skip: TEST_DATABASE_URL ? false : 'PostgreSQL tests skipped: TEST_DATABASE_URL is not set' },
  async () => {
    const schema = `t_race_${process.pid}`;
    try {
      await race(TEST_DATABASE_URL!, schema);
    } finally {
      await dropPostgresSchema(TEST_DATABASE_URL!, schema);
    }
  },
);
