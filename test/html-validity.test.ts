import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { FACTORY } from './factories.js';
import { buildTestApp, formHeaders } from './helpers/app.js';

/**
 * Every kind of reader page, checked by the W3C Nu HTML checker (the validator.w3.org engine,
 * run from the vnu-jar package on the machine's Java). CI installs Java; without it the test
 * says it was skipped and why.
 */
const VNU = join(createRequire(import.meta.url).resolve('vnu-jar/package.json'), '../build/dist/vnu.jar');
const javaMissing = (() => {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'no Java runtime to run the Nu HTML checker (CI installs openjdk-17-jre-headless)';
  }
})();

test('the W3C Nu HTML checker finds no error on any reader page', { skip: javaMissing, timeout: 180_000 }, async (t) => {
  const ctx = await buildTestApp(t, { demo: true });
  await ctx.runner.runDue(); // the demo's pictures, so heroes, cards and their preloads are checked too
  // A page of the outlet's own, a correction, and the error pages, besides the demo's.
  const live = (await ctx.services.articleReader.latest({ page: 1, perPage: 1 })).items[0]!;
  await ctx.services.articles.addNote(FACTORY, live.id, { kind: 'correction', body: 'An earlier version gave the wrong date.' });
  // The newsletter's private pages: a confirmation link's, and the subscriber's own.
  await ctx.app.inject({
    method: 'POST',
    url: '/newsletter',
    headers: formHeaders,
    payload: 'email=valid%40example.org&source=%2F&topics=vladimir-putin',
  });
  const confirm = /\/newsletter\/confirm\/[\w-]+/.exec((await ctx.sentMail()).at(-1)?.text ?? '')![0];
  const confirmed = await ctx.app.inject({ method: 'POST', url: confirm, headers: formHeaders });
  const manage = /\/newsletter\/manage\/[\w.-]+/.exec(confirmed.body)![0];
  await ctx.app.inject({ method: 'POST', url: '/newsletter', headers: formHeaders, payload: 'email=other%40example.org&source=%2F' });
  const paths = [
    '/',
    '/tri-service/putin-russia-considering-airstrikes-against-islamic-state',
    live.path,
    '/army',
    '/topics/vladimir-putin',
    '/series/battlefield-brief',
    '/authors/eleanor-marsh',
    '/corrections',
    '/about',
    '/privacy',
    '/newsletter',
    '/newsletter/thanks',
    '/newsletter/follow/vladimir-putin',
    /\/newsletter\/confirm\/[\w-]+/.exec((await ctx.sentMail()).at(-1)?.text ?? '')![0],
    manage,
    manage.replace('/manage/', '/unsubscribe/'),
    '/search?q=putin+%22air+strikes%22',
    '/search?q=nothing-matches-this',
    '/no-such-page',
  ];
  const dir = await mkdtemp(join(tmpdir(), 'despatch-vnu-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const files: string[] = [];
  for (const [i, path] of paths.entries()) {
    const res = await ctx.app.inject(path);
    assert.ok(res.statusCode === 200 || (path === '/no-such-page' && res.statusCode === 404), `${path} answered ${res.statusCode}`);
    const file = join(dir, `${i}.html`);
    await writeFile(file, res.body);
    files.push(file);
  }
  // One JVM for every page: the checker's own exit status is 1 when it reports anything.
  const run = await promisify(execFile)('java', ['-jar', VNU, '--errors-only', '--format', 'json', ...files], {
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    (r) => r.stderr,
    (e: { stderr: string }) => e.stderr,
  );
  const messages = (JSON.parse(run) as { messages: Array<{ url: string; type: string; message: string; extract?: string }> }).messages;
  const errors = messages
    .filter((m) => m.type === 'error')
    .map((m) => `${paths[files.findIndex((f) => m.url.endsWith(f))]}: ${m.message} [${(m.extract ?? '').trim().slice(0, 120)}]`);
  assert.deepEqual(errors, [], errors.join('\n'));
});
