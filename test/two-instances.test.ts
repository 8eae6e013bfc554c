import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { start } from '../src/boot.js';
import { systemActor } from '../src/domain/access/index.js';
import { silentLogger } from '../src/kernel/logger.js';
import { anArticle } from './factories.js';
import { postgresSuite } from './helpers/databases.js';
import { seedSubscribers } from './helpers/newsletter-crash.js';
import { STAFF_PASSWORD } from './helpers/newsroom.js';
import { sharedDatabase } from './helpers/shared-database.js';
import { startCountingSmtpServer } from './helpers/smtp.js';
import { freePort } from './helpers/ports.js';

/**
 * Two real server processes (`src/main.ts`) on one PostgreSQL database, as a load balancer
 * would run them: they start together on an empty database (migrations run once), an edit
 * made through one is served by the other within a second, a scheduled story is published
 * once, a newsletter issue reaches each reader once, and both stop cleanly on SIGTERM.
 */

const SITE_URL = 'http://despatch.test';
const EDITOR = systemActor('test editor');

interface Instance {
  base: string;
  child: ChildProcess;
  output: () => string;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', SITE_URL, DEMO: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const base = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 60_000; ;) {
    if (child.exitCode !== null) throw new Error(`the instance stopped: ${output}`);
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > end) throw new Error(`the instance never became ready: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, child, output: () => output };
}

async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (await check()) return true;
  return false;
}

const page = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, cache: res.headers.get('x-cache'), body: await res.text() };
};

postgresSuite('two instances on one PostgreSQL database', () => {
  test(
    'start together, serve each other’s edits within a second, publish once, send once, stop cleanly',
    { timeout: 180_000 },
    async (t) => {
      const shared = await sharedDatabase('postgres');
      t.after(() => shared.drop());
      const mediaDir = await mkdtemp(join(tmpdir(), 'despatch-two-'));
      t.after(() => rm(mediaDir, { recursive: true, force: true }));
      const smtp = await startCountingSmtpServer();
      t.after(() => smtp.close());
      const env = {
        DATABASE_URL: shared.url,
        MEDIA_DIR: join(mediaDir, 'media'),
        SMTP_URL: smtp.url,
        NEWSLETTER_RATE: '2000',
        NEWSLETTER_CONNECTIONS: '2',
      };

      // Both start at once on an empty database: one runs the migrations, the other waits for it.
      const [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
      t.after(() => {
        for (const i of [a, b]) if (i.child.exitCode === null) i.child.kill('SIGKILL');
      });

      // The test's own door to the database: as the command line would be.
      const here = await start(await shared.open(), {
        siteUrl: SITE_URL,
        log: silentLogger,
        mediaDir: join(mediaDir, 'media'),
        listen: false,
      });
      t.after(() => here.close());
      const migrations = await here.handle.db
        .selectFrom('kysely_migration' as never)
        .select((eb) => [eb.ref('name' as never).as('name'), eb.fn.countAll().as('n')])
        .groupBy('name' as never)
        .execute();
      assert.ok(migrations.length > 40 && migrations.every((m) => Number((m as { n: unknown }).n) === 1), 'every migration ran once');

      // 1. An edit through instance A is served by instance B within a second.
      const story = await anArticle(here, { section: 'Army', headline: 'Reservists called up' });
      for (const instance of [a, b]) {
        await page(instance.base + story.path);
        assert.equal((await page(instance.base + story.path)).cache, 'HIT', 'both hold the story in their caches');
      }
      const email = `editor.${process.pid}@garrison.example`;
      await here.services.staff.createUser(EDITOR, { email, name: 'Test Editor', role: 'editor', password: STAFF_PASSWORD });
      const form = { 'content-type': 'application/x-www-form-urlencoded', origin: SITE_URL };
      const login = await fetch(`${a.base}/newsroom/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: form,
        body: new URLSearchParams({ email, password: STAFF_PASSWORD, next: '/newsroom' }),
      });
      assert.equal(login.status, 303, 'signed in on A');
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const editor = await (await fetch(`${a.base}/newsroom/articles/${story.id}`, { headers: { cookie } })).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(editor)![1]!;
      const version = /name="version" value="(\d+)"/.exec(editor)![1]!;
      const saved = await fetch(`${a.base}/newsroom/articles/${story.id}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...form, cookie },
        body: new URLSearchParams({
          _csrf: csrf,
          version,
          section: 'Army',
          headline: 'Reservists stood down',
          standfirst: 'The exercise ended early.',
          body: 'Troops from three regiments went home.',
          intent: 'save',
        }),
      });
      assert.equal(saved.status, 303, 'saved on A');
      const savedAt = Date.now();
      const onB = await eventually(async () => /Reservists stood down/.test((await page(b.base + story.path)).body), 1000);
      assert.ok(onB, `B served the edit within a second (waited ${Date.now() - savedAt} ms)`);
      assert.match((await page(b.base + '/')).body, /Reservists stood down/, 'and its front page lists the new headline');
      assert.match((await page(a.base + story.path)).body, /Reservists stood down/);

      // 2. A scheduled story is published once, by whichever instance's runner takes the job.
      const draft = await anArticle(here, { section: 'Army', headline: 'Paras jump into Estonia', status: 'draft' });
      await here.services.articles.scheduleArticle(EDITOR, draft.id, new Date(Date.now() + 1500).toISOString());
      const live = await eventually(
        async () => (await page(a.base + draft.path)).status === 200 && (await page(b.base + draft.path)).status === 200,
        20_000,
      );
      assert.ok(live, 'published, and served by both');
      await new Promise((r) => setTimeout(r, 2500)); // time for a second runner to try, if it would
      const published = await here.handle.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('action', '=', 'article.published')
        .where('subject_id', '=', draft.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(published.n), 1, 'published once');

      // 3. A newsletter issue is sent once to each reader, the two instances' senders sharing the work.
      await seedSubscribers(here.handle, 300);
      const issue = await here.services.issues.create(EDITOR, { subject: 'Morning briefing', intro: 'Good morning.', audience: 'daily' });
      await here.services.issues.start(EDITOR, issue.id, null);
      const done = await eventually(async () => (await here.services.issues.progress(EDITOR, issue.id)).sent === 300, 60_000);
      assert.ok(done, 'every reader sent to');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(smtp.total, 300, 'one message each, no more');
      assert.deepEqual([...new Set(smtp.perRecipient.values())], [1]);

      // 4. Both stop cleanly on SIGTERM: requests finished, database closed, exit status 0.
      const exits = [a, b].map((i) => new Promise<number | null>((resolve) => i.child.once('exit', (code) => resolve(code))));
      for (const i of [a, b]) i.child.kill('SIGTERM');
      const codes = await Promise.all(exits);
      assert.deepEqual(codes, [0, 0], `${a.output()}\n${b.output()}`);
    },
  );
});
