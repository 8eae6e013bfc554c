import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { despatchInTempDir } from '../../test/helpers/cli.js';
import { exportInFolder, GHOST_FIXTURE, WORDPRESS_FIXTURE } from '../../test/helpers/exports.js';

const HARBOUR_JPG = { 'uploads/2024/05/harbour.jpg': '#264653' };

test('despatch import-wordpress --json: a line per item; the second run reports every post unchanged and adds nothing', async (t) => {
  const despatch = await despatchInTempDir(t);
  const { file } = await exportInFolder(t, WORDPRESS_FIXTURE, HARBOUR_JPG);
  const first = await despatch('import-wordpress', file, '--json');
  assert.equal(first.code, 0, first.stderr);
  const lines = first.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    lines.map((l) => `${String(l.item)} ${String(l.outcome)}`),
    ['post 101 imported', 'post 102 imported', 'post 103 imported', 'post 105 imported', 'page 104 skipped', 'nav_menu_item 301 skipped'],
  );
  assert.equal(lines[0]!.url, 'https://news.example/local-news/harbour-reopens');
  assert.equal(lines[0]!.hero, true);
  assert.doesNotMatch(first.stderr, /\r|\[#/, 'no progress bar when standard error is not a terminal');

  const second = await despatch('import-wordpress', file, '--json');
  assert.equal(second.code, 0, second.stderr);
  const again = second.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    again.map((l) => String(l.outcome)),
    ['unchanged', 'unchanged', 'unchanged', 'unchanged', 'skipped', 'skipped'],
  );
  assert.equal(again[0]!.id, lines[0]!.id);
});

test('despatch import-wordpress without --json prints a readable report and a summary', async (t) => {
  const despatch = await despatchInTempDir(t);
  const { file } = await exportInFolder(t, WORDPRESS_FIXTURE, HARBOUR_JPG);
  const { code, stdout, stderr } = await despatch('import-wordpress', file, '--draft');
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /^✓ post 101 "Harbour reopens after storm repairs" imported as a draft → https:\/\/news\.example\/local-news\/harbour-reopens$/m,
  );
  assert.match(stdout, /^ {4}· a picture was not found/m);
  assert.match(stdout, /^- page 104 "About the Herald" skipped: a page: only posts become articles/m);
  assert.match(stdout, /^4 imported, 0 unchanged, 2 skipped, 0 failed\.$/m);
  assert.match(stdout, /^1 picture was added to the library; the site makes their sizes/m);
  assert.match(stdout, /^Addresses use SITE_URL \(https:\/\/news\.example\)\.$/m);
  const again = await despatch('import-wordpress', file);
  assert.match(
    again.stdout,
    /^= post 101 "Harbour reopens after storm repairs" unchanged \(imported before\) → https:\/\/news\.example\/local-news\/harbour-reopens$/m,
  );
  assert.match(again.stdout, /^0 imported, 4 unchanged, 2 skipped, 0 failed\.$/m);
});

test('despatch import-ghost imports a Ghost export, its pictures from content/images beside it', async (t) => {
  const despatch = await despatchInTempDir(t);
  const { file } = await exportInFolder(t, GHOST_FIXTURE, { 'content/images/2024/05/lighthouse.jpg': '#1d3557' });
  const { code, stdout, stderr } = await despatch('import-ghost', file);
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /^✓ post 6650f0a1c3b2a10001a1b001 "Lighthouse keeper retires after forty years" imported → https:\/\/news\.example\/coast\/lighthouse-keeper-retires$/m,
  );
  assert.match(stdout, /^5 imported, 0 unchanged, 1 skipped, 0 failed\.$/m);
});

test('a refused file is one line and exit 1: a DOCTYPE, a size over --max-mb, a file that is not there; bad usage exits 2', async (t) => {
  const despatch = await despatchInTempDir(t);
  const { dir, file } = await exportInFolder(t, WORDPRESS_FIXTURE);
  const xxe = join(dir, 'xxe.xml');
  const xml = await readFile(file, 'utf8');
  await writeFile(xxe, xml.replace('<rss ', '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rss '));
  const refused = await despatch('import-wordpress', xxe);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /^✗ .*xxe\.xml: The export declares a document type \(<!DOCTYPE>, line \d+\)/m);
  const json = await despatch('import-wordpress', xxe, '--json');
  assert.deepEqual(Object.keys(JSON.parse(json.stdout.trim()) as object), ['file', 'ok', 'code', 'error']);
  assert.equal((JSON.parse(json.stdout.trim()) as { code: string }).code, 'EXPORT_DOCTYPE_REFUSED');

  const large = await despatch('import-wordpress', file, '--max-mb', '0.01');
  assert.equal(large.code, 1);
  assert.match(large.stdout, /harbour-herald\.xml is \d+ KB, larger than the 10 KB an import reads/);
  const missing = await despatch('import-ghost', join(dir, 'nope.json'));
  assert.equal(missing.code, 1);
  assert.match(missing.stdout, /No such file: .*nope\.json/);
  const notGhost = await despatch('import-ghost', file);
  assert.equal(notGhost.code, 1);
  assert.match(notGhost.stdout, /This file is XML, not a Ghost export \(JSON\)\. For a WordPress export, use despatch import-wordpress\./);

  const usage = await despatch('import-wordpress');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /import-wordpress needs one FILE\.\n\nUsage: despatch/);
  const badLimit = await despatch('import-ghost', file, '--max-mb', 'lots');
  assert.equal(badLimit.code, 2);
});
