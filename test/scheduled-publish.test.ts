import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { start, type Booted } from '../src/boot.js';
import { dropPostgresSchema, openDatabase, type DatabaseHandle } from '../src/db/database.js';
import type { DomainEvent } from '../src/kernel/events.js';
import { silentLogger } from '../src/kernel/logger.js';
import { FACTORY } from './factories.js';
import { TEST_NOW } from './helpers/app.js';
import { testClock } from './helpers/clock.js';
import { postgresSuite } from './helpers/databases.js';
import { unusedMediaDir } from './helpers/media-dir.js';

/**
 * Two app instances over one database (each its own connection pool, clock and event bus, as
 * two processes have), both polling when the same scheduled articles fall due: each article
 * is published once, with one event, whichever instance wins.
 */
const ARTICLES = 12;

async function twoInstances(
  open: () => Promise<DatabaseHandle>,
  body: (a: Booted, b: Booted, clocks: ReturnType<typeof testClock>[]) => Promise<void>,
) {
  const clocks = [testClock(TEST_NOW), testClock(TEST_NOW)];
  const a = await start(await open(), { siteUrl: 'https://example.org', log: silentLogger, clock: clocks[0]!, mediaDir: unusedMediaDir() });
  const b = await start(await open(), { siteUrl: 'https://example.org', log: silentLogger, clock: clocks[1]!, mediaDir: unusedMediaDir() });
  try {
    await body(a, b, clocks);
  } finally {
    await a.close();
    await b.close();
  }
}

async function race(a: Booted, b: Booted, clocks: ReturnType<typeof testClock>[]) {
  const ids: string[] = [];
  for (let i = 0; i < ARTICLES; i++) {
    const ref = await a.services.articles.createArticle(FACTORY, {
      section: 'Navy',
      headline: `Frigate ${i} returns from the Gulf`,
      standfirst: 'After seven months.',
      bodyMarkdown: 'She docked at dawn.',
    });
    await a.services.articles.scheduleArticle(FACTORY, ref.id, new Date(Date.parse(TEST_NOW) + 60_000).toISOString());
    ids.push(ref.id);
  }
  const events: DomainEvent[] = [];
  // What each instance's own writes announce (the articles' events; related stories' follow from them).
  const record = (e: DomainEvent) => void (e.type.startsWith('article.') && events.push(e));
  a.services.events.on(record);
  b.services.events.on(record);
  for (const clock of clocks) clock.advance(61_000);

  // Both poll at once, again and again, one job at a time so the claims interleave.
  const poll = async (instance: Booted) => {
    let ran = 0;
    for (let round = 0; round < ARTICLES; round++) ran += await instance.runner.runDue(1);
    return ran;
  };
  const [ranA, ranB] = await Promise.all([poll(a), poll(b)]);
  assert.equal(ranA + ranB, ARTICLES, `every job ran once in all (a ran ${ranA}, b ran ${ranB})`);

  const db = a.handle.db;
  const rows = await db.selectFrom('articles').select(['article_id', 'status']).where('article_id', 'in', ids).execute();
  assert.ok(rows.every((r) => r.status === 'published'));
  assert.equal(events.length, ARTICLES, 'one event per article');
  assert.deepEqual(new Set(events.map((e) => ('articleId' in e ? e.articleId : ''))), new Set(ids));
  const published = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'article.published')
    .where('subject_id', 'in', ids)
    .executeTakeFirstOrThrow();
  assert.equal(Number(published.n), ARTICLES, 'one audit entry per publication');
  const jobs = await db.selectFrom('jobs').select(['status']).execute();
  assert.ok(jobs.length === ARTICLES && jobs.every((j) => j.status === 'done'));
}

postgresSuite('scheduled publication with two instances [postgres]', (url) => {
  test('each due article is published once, with one event', async () => {
    const schema = `t_sched_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
    try {
      await twoInstances(() => openDatabase(url, { schema }), race);
    } finally {
      await dropPostgresSchema(url, schema);
    }
  });
});

describe('scheduled publication with two instances [sqlite]', () => {
  test('two processes on one database file: each due article is published once, with one event', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'despatch-sched-'));
    try {
      await twoInstances(() => openDatabase(`sqlite:${join(dir, 'site.db')}`), race);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
