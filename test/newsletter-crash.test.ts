import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { dropPostgresSchema, openDatabase } from '../src/db/database.js';
import { urlWithSchema } from './helpers/concurrent-imports.js';
import { TEST_DATABASE_URL } from './helpers/databases.js';
import { crashLoop, type CrashResult } from './helpers/newsletter-crash.js';

/**
 * `kill -9` during a send, ten times, on each database: afterwards every confirmed recipient
 * has exactly one message or is listed in doubt (at most one per SMTP connection open at each
 * crash), and none is lost. CI-sized at 5,000 recipients; `npm run bench` runs it larger.
 */
const RECIPIENTS = Number(process.env.CRASH_RECIPIENTS ?? 5000);
const KILLS = Number(process.env.CRASH_KILLS ?? 10);
const CONNECTIONS = 5;

/** A seeded generator, so a failing run can be repeated (the seed is in the failure message). */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function assertSafe(r: CrashResult, seed: number) {
  const why = `seed ${seed}: ${JSON.stringify({ ...r, duplicates: r.duplicates.slice(0, 5), lost: r.lost.slice(0, 5) })}`;
  assert.equal(r.recipients, RECIPIENTS, why);
  assert.deepEqual(r.duplicates, [], `nobody got the newsletter twice (${why})`);
  assert.deepEqual(r.lost, [], `nobody was lost (${why})`);
  assert.equal(r.open, 0, `the send finished (${why})`);
  assert.equal(r.sent + r.inDoubt, RECIPIENTS, why);
  assert.ok(r.inDoubt <= r.kills * CONNECTIONS, `at most one in doubt per connection per crash (${why})`);
  assert.ok(r.killedWhileSending >= Math.ceil(r.kills / 2), `most kills landed while messages were flowing (${why})`);
}

describe('newsletter send survives kill -9', () => {
  test('SQLite: ten kills during a 5,000-recipient send', { timeout: 600_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'despatch-crash-'));
    const url = `sqlite:${join(dir, 'site.db')}`;
    const seed = Date.now() % 100_000;
    try {
      const r = await crashLoop({
        open: () => openDatabase(url),
        url,
        recipients: RECIPIENTS,
        kills: KILLS,
        rate: 1000,
        connections: CONNECTIONS,
        random: seeded(seed),
      });
      assertSafe(r, seed);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test(
    'PostgreSQL: ten kills during a 5,000-recipient send',
    { timeout: 600_000, skip: TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set (CI sets it)' },
    async () => {
      const schema = `t_crash_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
      const seed = Date.now() % 100_000;
      try {
        const r = await crashLoop({
          open: () => openDatabase(TEST_DATABASE_URL!, { schema }),
          url: urlWithSchema(TEST_DATABASE_URL!, schema),
          recipients: RECIPIENTS,
          kills: KILLS,
          rate: 1000,
          connections: CONNECTIONS,
          random: seeded(seed),
        });
        assertSafe(r, seed);
      } finally {
        await dropPostgresSchema(TEST_DATABASE_URL!, schema);
      }
    },
  );
});
