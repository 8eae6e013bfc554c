import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { start } from '../../boot.js';
import { dropPostgresSchema, openDatabase } from '../../db/database.js';
import type { DomainEvent } from '../../kernel/events.js';
import { silentLogger } from '../../kernel/logger.js';
import { anArticle, aSection } from '../../../test/factories.js';
import { forEachDatabase, TEST_DATABASE_URL } from '../../../test/helpers/databases.js';
import { useServices } from '../../../test/helpers/services.js';
import { unusedMediaDir } from '../../../test/helpers/media-dir.js';

const run = promisify(execFile);
const FIXTURE = new URL('../../../test/fixtures/publish-then-die.ts', import.meta.url).pathname;

forEachDatabase('outbox', (database) => {
  const ctx = useServices(database);
  const pending = () => ctx.handle.db.selectFrom('event_outbox').selectAll().execute();

  test('events commit with the change, reach the listeners after commit, and leave the outbox empty', async () => {
    const seen: Array<{ event: DomainEvent; committed: boolean }> = [];
    const stop = ctx.services.events.on(async (event) => {
      // A listener sees the committed change: the article is readable from outside the transaction.
      const found = event.type === 'article.published' ? await ctx.services.articleReader.latest({ page: 1, perPage: 50 }) : null;
      seen.push({ event, committed: found?.items.some((c) => c.id === (event as { articleId: string }).articleId) ?? true });
    });
    try {
      const article = await anArticle(ctx);
      assert.deepEqual(
        seen.filter((s) => s.event.type === 'article.published'),
        [{ event: { type: 'article.published', articleId: article.id }, committed: true }],
      );
      assert.ok(
        seen.some((s) => s.event.type === 'section.created'),
        'the new section was announced too',
      );
      assert.deepEqual(await pending(), []);
    } finally {
      stop();
    }
  });

  test('a write that fails records no event and dispatches nothing', async () => {
    const seen: DomainEvent[] = [];
    const stop = ctx.services.events.on((event) => void seen.push(event));
    try {
      await assert.rejects(
        ctx.services.outbox.transaction(async (tx) => {
          tx.emit({ type: 'site.updated' });
          throw new Error('disk full');
        }),
        /disk full/,
      );
      assert.deepEqual(seen, []);
      assert.deepEqual(await pending(), []);
    } finally {
      stop();
    }
  });

  test('a throwing listener is logged once with the event name, and the other listeners still run', async () => {
    const logged: Array<{ fields: object; message: string }> = [];
    const log = { ...silentLogger, error: (fields: object, message: string) => void logged.push({ fields, message }) };
    const { services } = await start(ctx.handle, { siteUrl: 'https://example.org', log, mediaDir: unusedMediaDir() });
    const ran: string[] = [];
    services.events.on(() => {
      throw new Error('search index offline');
    });
    services.events.on((event) => void ran.push(event.type));
    const section = await aSection({ services });
    await anArticle({ services }, { section });
    assert.deepEqual(ran, ['section.created', 'article.published'], 'the second listener still ran, for every event');
    const failures = logged.filter((l) => l.message.includes('article.published'));
    assert.equal(failures.length, 1, 'logged once');
    assert.equal((failures[0]!.fields as { event: string }).event, 'article.published');
    assert.match(String((failures[0]!.fields as { err: Error }).err), /search index offline/);
  });
});

test('an event whose process was killed between commit and dispatch is dispatched on the next start [sqlite]', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-outbox-'));
  try {
    await provesRedispatch(`sqlite:${join(dir, 'crash.db')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test(
  'an event whose process was killed between commit and dispatch is dispatched on the next start [postgres]',
  { skip: TEST_DATABASE_URL ? false : 'PostgreSQL tests skipped: TEST_DATABASE_URL is not set' },
  async () => {
    const schema = `t_crash_${process.pid}`;
    try {
      await provesRedispatch(TEST_DATABASE_URL!, schema);
    } finally {
      await dropPostgresSchema(TEST_DATABASE_URL!, schema);
    }
  },
);

/** Kills a publishing process after its commit, then proves the next start delivers the event it never dispatched. */
async function provesRedispatch(url: string, schema?: string) {
  const args = ['--import', 'tsx', FIXTURE, url, ...(schema ? [schema] : [])];
  await assert.rejects(run(process.execPath, args), (e: { signal?: string }) => {
    assert.equal(e.signal, 'SIGKILL', 'the process died by the kill, not by an error');
    return true;
  });
  const open = () => openDatabase(url, schema ? { schema } : {});

  const handle = await open();
  const article = await handle.db.selectFrom('articles').select(['article_id', 'status']).executeTakeFirstOrThrow();
  assert.equal(article.status, 'published', 'the write had committed');
  const left = await handle.db.selectFrom('event_outbox').select(['type', 'payload']).execute();
  assert.deepEqual(
    left.map((r) => JSON.parse(r.payload)),
    [
      { type: 'section.created', sectionId: JSON.parse(left[0]!.payload).sectionId },
      { type: 'article.published', articleId: article.article_id },
    ],
    'its events were still in the outbox',
  );
  const booted = await start(handle, { siteUrl: 'https://example.org', log: silentLogger, mediaDir: unusedMediaDir() });
  try {
    assert.equal(booted.redispatched, 2, 'the next start dispatched both');
    assert.deepEqual(await handle.db.selectFrom('event_outbox').selectAll().execute(), []);
  } finally {
    await booted.close();
  }
}
