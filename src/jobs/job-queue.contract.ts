import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatabaseHandle } from '../db/database.js';
import { createJobQueue } from './index.js';

/** Two connections to one migrated database (as two app instances have), and a way to clean up. */
export interface SharedDatabase {
  open(): Promise<DatabaseHandle>;
}

const T0 = Date.parse('2026-12-01T09:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** What every JobQueue must do, whatever the database: run once per database kind. */
export function jobQueueContract(shared: SharedDatabase) {
  test('only due jobs are claimed, oldest first, each by one worker until its lease lapses', async (t) => {
    const handle = await shared.open();
    t.after(() => handle.close());
    const queue = createJobQueue(handle);
    await queue.enqueue(handle.db, { kind: 'k', payload: { n: 2 }, runAt: at(20) }, at(0));
    await queue.enqueue(handle.db, { kind: 'k', payload: { n: 1 }, runAt: at(10) }, at(0));
    await queue.enqueue(handle.db, { kind: 'k', payload: { n: 3 }, runAt: at(100) }, at(0));
    assert.deepEqual(await queue.claim('a', at(5), at(65), 10), [], 'nothing is due yet');
    const first = await queue.claim('a', at(30), at(90), 10);
    assert.deepEqual(
      first.map((j) => [j.payload, j.attempt]),
      [
        [{ n: 1 }, 1],
        [{ n: 2 }, 1],
      ],
    );
    assert.deepEqual(await queue.claim('b', at(31), at(91), 10), [], 'held by a until its lease ends');
    const lapsed = await queue.claim('b', at(95), at(155), 10);
    assert.deepEqual(
      lapsed.map((j) => [j.payload, j.attempt]),
      [
        [{ n: 1 }, 2],
        [{ n: 2 }, 2],
      ],
      'a crashed worker’s jobs go to another once the lease lapses',
    );
    await queue.complete(first[0]!.id, 'a', at(96));
    await queue.complete(lapsed[0]!.id, 'b', at(96));
    const row = await handle.db
      .selectFrom('jobs')
      .select(['status', 'finished_at'])
      .where('job_id', '=', lapsed[0]!.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'done', finished_at: at(96) }, 'only the holder of the lease completes it');
  });

  test('the queue’s depth: due, held and later jobs, and when the oldest due one fell due', async (t) => {
    const handle = await shared.open();
    t.after(() => handle.close());
    const queue = createJobQueue(handle);
    assert.deepEqual(await queue.depth(at(0)), { due: 0, running: 0, later: 0, oldestDueAt: null });
    for (const [n, runAt] of [
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 500],
    ] as const)
      await queue.enqueue(handle.db, { kind: 'depth', payload: { n }, runAt: at(runAt) }, at(0));
    assert.deepEqual(await queue.depth(at(40)), { due: 3, running: 0, later: 1, oldestDueAt: at(10) });
    const [held] = await queue.claim('a', at(40), at(100), 1);
    assert.deepEqual(await queue.depth(at(41)), { due: 2, running: 1, later: 1, oldestDueAt: at(20) });
    await queue.complete(held!.id, 'a', at(42));
    assert.deepEqual(
      await queue.depth(at(42)),
      { due: 2, running: 0, later: 1, oldestDueAt: at(20) },
      'a finished job is no longer counted',
    );
  });

  test('two workers claiming at once never take the same job', async (t) => {
    const one = await shared.open();
    const two = await shared.open();
    t.after(async () => {
      await one.close();
      await two.close();
    });
    const queue = createJobQueue(one);
    for (let i = 0; i < 40; i++) await queue.enqueue(one.db, { kind: 'k', payload: i, runAt: at(0) }, at(0));
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createJobQueue(i % 2 ? one : two).claim(`w${i}`, at(1), at(61), 5)),
    );
    const ids = claims.flat().map((j) => j.id);
    assert.equal(ids.length, 40, 'every due job was claimed');
    assert.equal(new Set(ids).size, 40, 'none twice');
  });

  test('a failed job is tried again later, and given up after its last attempt', async (t) => {
    const handle = await shared.open();
    t.after(() => handle.close());
    const queue = createJobQueue(handle);
    await queue.enqueue(handle.db, { kind: 'k', payload: null, runAt: at(0), maxAttempts: 2 }, at(0));
    const [job] = await queue.claim('a', at(1), at(61), 1);
    await queue.fail(job!.id, 'a', 'SMTP server said no', at(100), at(2));
    assert.deepEqual(await queue.claim('a', at(50), at(110), 1), [], 'not before its retry time');
    const [again] = await queue.claim('a', at(100), at(160), 1);
    assert.equal(again!.attempt, 2);
    await queue.fail(again!.id, 'a', 'SMTP server said no again', at(200), at(101));
    assert.deepEqual(await queue.claim('a', at(300), at(360), 1), []);
    const row = await handle.db
      .selectFrom('jobs')
      .select(['status', 'last_error', 'finished_at'])
      .where('job_id', '=', job!.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'failed', last_error: 'SMTP server said no again', finished_at: at(101) });
  });

  test('one pending job per key: enqueueing again moves it, cancelling removes it', async (t) => {
    const handle = await shared.open();
    t.after(() => handle.close());
    const queue = createJobQueue(handle);
    await queue.enqueue(handle.db, { kind: 'publish', payload: { id: 'a' }, runAt: at(60), dedupeKey: 'publish:a' }, at(0));
    await queue.enqueue(handle.db, { kind: 'publish', payload: { id: 'a' }, runAt: at(120), dedupeKey: 'publish:a' }, at(0));
    assert.deepEqual(await queue.claim('w', at(90), at(150), 10), [], 'the earlier time was replaced');
    const [job] = await queue.claim('w', at(120), at(180), 10);
    assert.deepEqual(job!.payload, { id: 'a' });
    await queue.complete(job!.id, 'w', at(121));
    await queue.enqueue(handle.db, { kind: 'publish', payload: { id: 'a' }, runAt: at(500), dedupeKey: 'publish:a' }, at(200));
    await queue.cancel(handle.db, 'publish:a');
    assert.deepEqual(await queue.claim('w', at(600), at(660), 10), [], 'cancelled');
    const rows = await handle.db.selectFrom('jobs').select('status').execute();
    assert.deepEqual(
      rows.map((r) => r.status),
      ['done'],
      'the finished job stays on record',
    );
  });
}
