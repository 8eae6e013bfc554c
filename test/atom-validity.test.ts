import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FACTORY } from './factories.js';
import { buildTestApp } from './helpers/app.js';

/**
 * Every Atom feed, checked by jing (Debian's RELAX NG validator) against the schema of
 * RFC 4287, Appendix B (`test/fixtures/atom-rfc4287.rnc`). CI installs jing; without it the
 * test says it was skipped and why.
 */
const SCHEMA = fileURLToPath(new URL('./fixtures/atom-rfc4287.rnc', import.meta.url));
const jingMissing = (() => {
  try {
    execFileSync('jing', [], { stdio: 'ignore' });
    return undefined;
  } catch (err) {
    // jing without arguments prints its usage and exits 2: it is there.
    return (err as { status?: number }).status === 2
      ? undefined
      : 'no jing to validate Atom against RFC 4287 (CI installs the jing package)';
  }
})();

/** jing's findings for one file: an empty list when it is valid. */
async function jing(file: string): Promise<string[]> {
  try {
    await promisify(execFile)('jing', ['-c', SCHEMA, file]);
    return [];
  } catch (err) {
    const out = String((err as { stdout?: string }).stdout ?? '');
    const findings = out.split('\n').filter((l) => l.includes('error'));
    return findings.length > 0 ? findings : [String(err)];
  }
}

test('every Atom feed is valid against RFC 4287’s RELAX NG schema', { skip: jingMissing, timeout: 120_000 }, async (t) => {
  const ctx = await buildTestApp(t, { demo: true });
  await ctx.runner.runDue(); // the demo's pictures, so entries carry them
  const live = (await ctx.services.articleReader.latest({ page: 1, perPage: 1 })).items[0]!;
  await ctx.services.articles.addNote(FACTORY, live.id, { kind: 'correction', body: 'An earlier version gave the wrong date & place.' });
  const dir = await mkdtemp(join(tmpdir(), 'despatch-atom-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const feeds = [
    '/atom.xml',
    '/army/atom.xml',
    '/topics/vladimir-putin/atom.xml',
    '/series/battlefield-brief/atom.xml',
    '/authors/eleanor-marsh/atom.xml',
    '/corrections/atom.xml',
  ];
  for (const [i, path] of feeds.entries()) {
    const res = await ctx.app.inject(path);
    assert.equal(res.statusCode, 200, path);
    const file = join(dir, `${i}.atom`);
    await writeFile(file, res.body);
    assert.deepEqual(await jing(file), [], `${path} is valid Atom`);
  }
  // The check can fail: a feed without its id and updated time is refused.
  const broken = join(dir, 'broken.atom');
  await writeFile(broken, '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>');
  assert.match((await jing(broken)).join('\n'), /missing required elements "id" and "updated"/);
});
