import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { createChangeFeed, type ChangeHandlers } from '../src/db/change-feed.js';
import type { DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import type { DomainEvent } from '../src/kernel/events.js';
import { TEST_DATABASE_URL, postgresSuite } from './helpers/databases.js';
import { sharedDatabase } from './helpers/shared-database.js';

/** Waits for `check` to hold, up to `ms`; false if it never did. */
async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) if (check()) return true;
  return false;
}

/** Two processes' connections to one database (two handles), and a way to drop it. */
interface Pair {
  mine: DatabaseHandle;
  theirs: DatabaseHandle;
  close(): Promise<void>;
}

/** Two processes' connections to one database (the first migrates it); `appName` names the first's PostgreSQL connections. */
async function pairOn(kind: 'sqlite' | 'postgres', appName: string): Promise<Pair> {
  const shared = await sharedDatabase(kind);
  const mine = await shared.open({ applicationName: appName });
  await migrateToLatest(mine);
  const theirs = await shared.open();
  return {
    mine,
    theirs,
    async close() {
      await mine.close();
      await theirs.close();
      await shared.drop();
    },
  };
}

const kinds: Array<{ name: 'sqlite' | 'postgres'; skip?: string }> = [
  { name: 'sqlite' },
  {
    name: 'postgres',
    ...(TEST_DATABASE_URL ? {} : { skip: 'TEST_DATABASE_URL is not set (CI sets it to postgres://postgres@127.0.0.1:5432/test)' }),
  },
];

/** Collects what a listener hears. */
function recorder() {
  const heard: DomainEvent[] = [];
  let lost = 0;
  const handlers: ChangeHandlers = { onEvents: (events) => heard.push(...events), onLost: () => lost++ };
  return { heard, lost: () => lost, handlers };
}

/** A pair of connections, each with its feed, and a recorder listening on the first. */
async function listening(t: { after(fn: () => Promise<void>): void }, kind: (typeof kinds)[number], appName: string) {
  const pair = await pairOn(kind.name, appName);
  t.after(() => pair.close());
  const mine = createChangeFeed(pair.mine, { origin: 'mine', pollMs: 20 });
  const theirs = createChangeFeed(pair.theirs, { origin: 'theirs', pollMs: 20 });
  const listener = recorder();
  const stop = await mine.listen(listener.handlers);
  t.after(() => stop());
  return { pair, mine, theirs, listener };
}

const published = (articleId: string): DomainEvent => ({ type: 'article.published', articleId });

for (const kind of kinds) {
  describe(`the change feed [${kind.name}]`, { ...(kind.skip ? { skip: kind.skip } : {}) }, () => {
    test('another process hears what a transaction announced once it commits; never a rollback, never its own news', async (t) => {
      const { pair, mine, theirs, listener } = await listening(t, kind, `despatch feed ${randomBytes(4).toString('hex')}`);

      // Their transaction: the news goes out at commit, not before.
      let announcedBeforeCommit = -1;
      await pair.theirs.db.transaction().execute(async (trx) => {
        await theirs.announce(trx, [published('a'), published('b')]);
        await new Promise((r) => setTimeout(r, 150));
        announcedBeforeCommit = listener.heard.length;
      });
      assert.equal(announcedBeforeCommit, 0, 'nothing is heard while the transaction is open');
      assert.ok(await eventually(() => listener.heard.length === 2), 'both events arrive after commit');
      assert.deepEqual(listener.heard, [published('a'), published('b')]);

      // A rolled-back transaction announces nothing.
      await assert.rejects(
        pair.theirs.db.transaction().execute(async (trx) => {
          await theirs.announce(trx, [published('rolled-back')]);
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      // Its own announcement is for others only.
      await pair.mine.db.transaction().execute((trx) => mine.announce(trx, [published('own')]));
      await pair.theirs.db.transaction().execute((trx) => theirs.announce(trx, [published('c')]));
      assert.ok(await eventually(() => listener.heard.length === 3));
      await new Promise((r) => setTimeout(r, 150));
      assert.deepEqual(
        listener.heard.map((e) => (e as { articleId: string }).articleId),
        ['a', 'b', 'c'],
        'no rollback and no news of its own',
      );
      assert.equal(listener.lost(), 0);
    });

    test('news that may have been missed is reported as lost, and what follows still arrives', async (t) => {
      const appName = `despatch feed ${randomBytes(4).toString('hex')}`;
      const { pair, theirs, listener } = await listening(t, kind, appName);

      if (kind.name === 'sqlite') {
        // Rows pruned before this listener read them: a gap in the log.
        await pair.theirs.db.transaction().execute((trx) => theirs.announce(trx, [published('gone')]));
        await pair.theirs.db.deleteFrom('change_log').execute();
        await pair.theirs.db.transaction().execute((trx) => theirs.announce(trx, [published('after')]));
      } else {
        // The listening connection is cut (a restart, a failover): it reconnects, and says so.
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${`${appName} listener`}`.execute(
          pair.theirs.db,
        );
      }
      assert.ok(await eventually(() => listener.lost() === 1, 10_000), 'the listener is told it may have missed news');
      await pair.theirs.db.transaction().execute((trx) => theirs.announce(trx, [published('later')]));
      assert.ok(
        await eventually(() => listener.heard.some((e) => (e as { articleId: string }).articleId === 'later')),
        'news after the gap arrives',
      );
      assert.ok(!listener.heard.some((e) => (e as { articleId: string }).articleId === 'gone'));
    });
  });
}

postgresSuite('the change feed: outlets sharing one PostgreSQL database', () => {
  test('a schema hears only its own news', async (t) => {
    const [a, b] = await Promise.all(
      ['a', 'b'].map(async () => {
        const shared = await sharedDatabase('postgres');
        const handle = await shared.open();
        t.after(async () => {
          await handle.close();
          await shared.drop();
        });
        return handle;
      }),
    );
    const listener = recorder();
    const stop = await createChangeFeed(a!, { origin: 'a' }).listen(listener.handlers);
    t.after(() => stop());
    const other = createChangeFeed(b!, { origin: 'b' });
    await b!.db.transaction().execute((trx) => other.announce(trx, [published('elsewhere')]));
    const own = createChangeFeed(a!, { origin: 'a2' });
    await a!.db.transaction().execute((trx) => own.announce(trx, [published('here')]));
    assert.ok(await eventually(() => listener.heard.length === 1));
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual(listener.heard, [published('here')]);
  });
});
