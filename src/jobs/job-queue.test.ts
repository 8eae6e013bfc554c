import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dropPostgresSchema, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { fixedClock } from '../kernel/clock.js';
import { silentLogger } from '../kernel/logger.js';
import { postgresSuite } from '../../test/helpers/databases.js';
import { createJobQueue, createJobRunner } from './index.js';
import { jobQueueContract, type SharedDatabase } from './job-queue.contract.js';

describe('job queue [sqlite]', () => {
  let dir: string;
  const shared: SharedDatabase = { open: () => openDatabase(`sqlite:${join(dir, 'jobs.db')}`) };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'despatch-jobs-'));
    const handle = await shared.open();
    await migrateToLatest(handle);
    await handle.close();
  });
  after(() => rm(dir, { recursive: true, force: true }));
  // Each contract test starts from an empty table.
  jobQueueContract({
    async open() {
      const handle = await shared.open();
      await handle.db.deleteFrom('jobs').execute();
      return handle;
    },
  });
});

postgresSuite('job queue [postgres]', (url) => {
  const schema = `t_jobs_${process.pid}`;
  const shared: SharedDatabase = { open: () => openDatabase(url, { schema }) };
  before(async () => {
    const handle = await shared.open();
    await migrateToLatest(handle);
    await handle.close();
  });
  after(() => dropPostgresSchema(url, schema));
  jobQueueContract({
    async open() {
      const handle = await shared.open();
      await handle.db.deleteFrom('jobs').execute();
      return handle;
    },
  });
});

test('the runner runs due jobs, retries a failing one later, and a restarted runner picks up what was due', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-runner-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const handle = await openDatabase(`sqlite:${join(dir, 'jobs.db')}`);
  t.after(() => handle.close());
  await migrateToLatest(handle);
  const queue = createJobQueue(handle);
  let now = '2026-12-01T09:00:00.000Z';
  const clock = { now: () => new Date(now) };
  const ran: unknown[] = [];
  let failOnce = true;
  const handlers = {
    greet: async (payload: unknown) => void ran.push(payload),
    flaky: async () => {
      if (failOnce) {
        failOnce = false;
        throw new Error('the mail server is down');
      }
      ran.push('flaky done');
    },
  };
  await queue.enqueue(handle.db, { kind: 'greet', payload: 'hello', runAt: '2026-12-01T09:00:00.000Z' }, now);
  await queue.enqueue(handle.db, { kind: 'flaky', payload: null, runAt: '2026-12-01T09:00:00.000Z' }, now);
  await queue.enqueue(handle.db, { kind: 'greet', payload: 'later', runAt: '2026-12-01T10:00:00.000Z' }, now);

  const runner = createJobRunner({ queue, clock, log: silentLogger, handlers });
  assert.equal(await runner.runDue(), 2);
  assert.deepEqual(ran, ['hello']);
  now = '2026-12-01T09:00:31.000Z';
  assert.equal(await runner.runDue(), 1, 'the failed job comes back after its backoff');
  assert.deepEqual(ran, ['hello', 'flaky done']);

  // The process was down at 10:00: a new runner (a restart) runs the job when it starts.
  now = '2026-12-01T10:05:00.000Z';
  const restarted = createJobRunner({ queue, clock: fixedClock(now), log: silentLogger, handlers });
  assert.equal(await restarted.runDue(), 1);
  assert.deepEqual(ran, ['hello', 'flaky done', 'later']);
  assert.equal(await restarted.runDue(), 0, 'each ran once');
});
