import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { promisify } from 'node:util';
import { boot } from './boot.js';
import { migrations } from './db/migrator.js';
import { silentLogger } from './kernel/logger.js';
import { FACTORY } from '../test/factories.js';
import { despatchWithInput as runWithInput } from '../test/helpers/cli.js';
import { unusedMediaDir } from '../test/helpers/media-dir.js';

const run = promisify(execFile);
const BIN = new URL('../bin/despatch.mjs', import.meta.url).pathname;
const SEED = new URL('../demo/seed/000_080c772065630276.txt', import.meta.url).pathname;

let dir: string;
let env: NodeJS.ProcessEnv;

/** Runs `despatch ARGS` as a user would, returning exit code and output. */
async function despatch(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

// Each test works in a folder and database of its own, so any one runs alone or in any order.
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'despatch-cli-'));
  env = { PATH: process.env.PATH, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, SITE_URL: 'https://news.example' };
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test('despatch -h, --help and help print the usage; --version the version; an unknown command exits 2 with the usage', async () => {
  for (const flag of ['-h', '--help', 'help']) {
    const res = await despatch(flag);
    assert.equal(res.code, 0, flag);
    assert.match(res.stdout, /^Usage: despatch <command>/, flag);
  }
  const version = await despatch('--version');
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^despatch \d+\.\d+\.\d+\n$/);
  const unknown = await despatch('publish-everything');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown command "publish-everything"\.\n\nUsage: despatch/);
  const badFlag = await despatch('import', '--no-such-flag');
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /--no-such-flag/);
  assert.match(badFlag.stderr, /Usage: despatch/);
});

test('despatch migrate brings a new database up to date, then reports nothing to do', async () => {
  const first = await despatch('migrate');
  assert.equal(first.code, 0, first.stderr);
  const names = Object.keys(migrations);
  assert.match(first.stdout, new RegExp(`Applied ${names.length} migration\\(s\\)`));
  for (const name of names) assert.ok(first.stdout.includes(name), `${name} was applied`);
  const second = await despatch('migrate');
  assert.match(second.stdout, /up to date/);
});

test('despatch import --json reports the seed article as the issue describes', async () => {
  const { code, stdout, stderr } = await despatch('import', '--create-sections', SEED, '--json');
  assert.equal(code, 0, stderr);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const result = JSON.parse(lines[0]!);
  assert.equal(result.ok, true);
  assert.equal(result.file, SEED);
  assert.equal(result.section, 'Tri-Service');
  assert.equal(result.headline, 'Putin: Russia Considering Airstrikes Against Islamic State');
  assert.equal(
    result.standfirst,
    'Vladimir Putin says Russia is considering joining the US and its allies in carrying out airstrikes against Islamic State.',
  );
  assert.equal(result.series, null);
  assert.deepEqual(result.topics, []);
  assert.equal(result.url, 'https://news.example/tri-service/putin-russia-considering-airstrikes-against-islamic-state');
  assert.equal(typeof result.id, 'string');
  assert.equal(result.paragraphs, 13);
  assert.deepEqual(
    result.quotes.map((q: { speaker: string; text: string }) => [q.speaker, q.text.slice(0, 30)]),
    [
      ['Vladimir Putin', 'We are thinking about it and d'],
      ['Barack Obama', 'We must recognise that there c'],
      ['Vladimir Putin', "We believe it's a huge mistake"],
    ],
  );
});

test('a batch with bad files reports each one, imports the rest and exits non-zero', async () => {
  await writeFile(join(dir, 'empty.txt'), '');
  await writeFile(join(dir, 'nul.txt'), Buffer.from([0x41, 0x00, 0x42]));
  await writeFile(join(dir, 'bad-utf8.txt'), Buffer.from([0x41, 0x0a, 0xc3, 0x28]));
  await writeFile(join(dir, 'chrome.txt'), 'Join Our Newsletter\n\nWatchUsOn\n');
  await writeFile(join(dir, 'short.txt'), 'Navy\n');
  await writeFile(join(dir, 'huge.txt'), Buffer.alloc(5 * 1024 * 1024 + 1, 0x61));
  await writeFile(
    join(dir, 'good.txt'),
    'Navy\n\nCarrier returns to Portsmouth\n\nThe ship docked on Friday.\n\n"We are proud," said Captain Jane Hale.\n',
  );
  const files = ['empty.txt', 'nul.txt', 'bad-utf8.txt', 'chrome.txt', 'short.txt', 'huge.txt', 'missing.txt', 'good.txt'];
  const { code, stdout } = await despatch('import', '--create-sections', ...files, '--json');
  assert.equal(code, 1, 'a failed file makes the exit status non-zero');
  const results = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    results.map((r) => [r.file, r.ok]),
    files.map((f) => [f, f === 'good.txt']),
  );
  for (const r of results.filter((r) => !r.ok)) assert.ok(typeof r.error === 'string' && r.error.length > 10, `${r.file} says why`);
  assert.match(results[5].error, /5 MB/);
  assert.match(results[6].error, /No such file/);
  assert.deepEqual(results[7].quotes, [{ text: 'We are proud', speaker: 'Jane Hale' }]);

  // Re-importing reports the same article instead of creating a second one.
  const again = await despatch('import', '--create-sections', 'good.txt', '--json');
  const repeat = JSON.parse(again.stdout);
  assert.equal(again.code, 0);
  assert.equal(repeat.id, results[7].id);
  assert.equal(repeat.existing, true);
});

test('without --json the import prints a readable summary', async () => {
  const first = await despatch('import', '--create-sections', SEED);
  assert.equal(first.code, 0);
  assert.match(
    first.stdout,
    /✓ .*000_080c772065630276\.txt: "Putin: Russia Considering Airstrikes Against Islamic State" imported → https:\/\/news\.example\/tri-service\//,
  );
  assert.match(first.stdout, /\(3 quotes, 13 paragraphs\)/);
  assert.match(first.stdout, /1 imported, 0 failed\nAddresses use SITE_URL \(https:\/\/news\.example\)\.\n$/);
  const again = await despatch('import', '--create-sections', SEED);
  assert.match(again.stdout, /was already imported/);
  // Without SITE_URL the addresses are local ones, and the command says so.
  delete env.SITE_URL;
  const local = await despatch('import', '--create-sections', SEED);
  assert.match(local.stdout, /→ http:\/\/localhost:3000\/tri-service\//);
  assert.match(local.stdout, /Addresses use http:\/\/localhost:3000, as SITE_URL is not set; set it to the site's public address\.\n$/);
});

test('an unknown command prints usage and exits 2', async () => {
  const { code, stderr } = await despatch('frobnicate');
  assert.equal(code, 2);
  assert.match(stderr, /Unknown command "frobnicate"/);
});

/** Runs `despatch ARGS` with `input` on standard input, in this test's folder and database. */
const despatchWithInput = (input: string, ...args: string[]) => runWithInput(input, args, { env, cwd: dir });

test('despatch user: the first admin with a piped password, then accounts managed from the command line', async () => {
  const created = await despatchWithInput(
    'a sturdy passphrase for the desk\n',
    'user',
    'create',
    '--email',
    'Editor.In.Chief@Garrison.example',
    '--name',
    'Hannah Ward',
    '--role',
    'admin',
    '--password-stdin',
  );
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout, 'Created admin account for Hannah Ward <Editor.In.Chief@Garrison.example>.\n');
  assert.doesNotMatch(created.stdout + created.stderr, /sturdy/, 'the password is never printed');

  const invited = await despatch('user', 'create', '--email', 'desk@garrison.example', '--name', 'Sam Desk', '--role', 'editor');
  assert.equal(invited.code, 0, invited.stderr);
  assert.match(
    invited.stdout,
    /^Created editor account for Sam Desk <desk@garrison\.example>\.\nEmailed to desk@garrison\.example \(into the outbox: SMTP_URL is not set\)\.\nThey set their password at:\nhttps:\/\/news\.example\/newsroom\/password\/[A-Za-z0-9_-]{43}\n\(valid for 24 hours, once\)\n$/,
  );

  const list = await despatch('user', 'list');
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^Editor\.In\.Chief@Garrison\.example\tHannah Ward\tadmin\tactive\tpassword set\n/m);
  assert.match(list.stdout, /^desk@garrison\.example\tSam Desk\teditor\tactive\tno password yet\n/m);

  assert.equal(
    (await despatch('user', 'role', 'DESK@garrison.example', 'contributor')).stdout,
    'Sam Desk <desk@garrison.example> is now a contributor.\n',
  );
  const reset = await despatch('user', 'reset', 'desk@garrison.example');
  assert.match(
    reset.stdout,
    /^Emailed to desk@garrison\.example \(into the outbox: SMTP_URL is not set\)\.\nPassword reset link for Sam Desk <desk@garrison\.example>:\nhttps:\/\/news\.example\/newsroom\/password\/\S+\n\(valid for 1 hour, once/,
  );

  const lastAdmin = await despatch('user', 'disable', 'editor.in.chief@garrison.example');
  assert.equal(lastAdmin.code, 1);
  assert.match(lastAdmin.stderr, /last active admin/);
  const forbidden = await despatch('user', 'role', 'desk@garrison.example', 'admin', '--as', 'desk@garrison.example');
  assert.equal(forbidden.code, 1);
  assert.match(forbidden.stderr, /Your role does not allow you to manage staff accounts/);
  assert.equal((await despatch('user', 'disable', 'desk@garrison.example')).stdout, 'Sam Desk <desk@garrison.example> is disabled.\n');
});

test('despatch user refuses weak passwords, taken addresses and bad usage with a clear message', async () => {
  const weak = await despatchWithInput(
    'password1234\n',
    'user',
    'create',
    '--email',
    'a@garrison.example',
    '--name',
    'A',
    '--role',
    'editor',
    '--password-stdin',
  );
  assert.equal(weak.code, 1);
  assert.match(weak.stderr, /one of the most common ones/);
  const usage = await despatch('user', 'create', '--email', 'a@garrison.example');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /user create needs --email, --name and --role/);
  const unknown = await despatch('user', 'promote', 'a@garrison.example');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown user command "promote"/);
  const missing = await despatch('user', 'role', 'nobody@garrison.example', 'editor');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /There is no staff account for nobody@garrison\.example/);
});

test('despatch import --as: a contributor imports drafts, an editor chooses; the system publishes unless --draft', async () => {
  for (const [email, role] of [
    ['ed@garrison.example', 'editor'],
    ['con@garrison.example', 'contributor'],
  ] as const)
    assert.equal(
      (
        await despatchWithInput(
          'a sturdy passphrase for the desk\n',
          'user',
          'create',
          '--email',
          email,
          '--name',
          role,
          '--role',
          role,
          '--password-stdin',
        )
      ).code,
      0,
    );
  const page = (n: number) => join(dir, `page-${n}.txt`);
  for (let n = 1; n <= 4; n++)
    await writeFile(page(n), `Army\n\nRecruits pass out at Catterick ${n}\n\nThe parade was held in the rain.\n\nIt was cold.\n`);
  const status = (r: { stdout: string }) => JSON.parse(r.stdout).status;

  const contributor = await despatch('import', '--create-sections', page(1), '--json', '--as', 'con@garrison.example');
  assert.equal(contributor.code, 0, contributor.stderr);
  assert.equal(status(contributor), 'draft', "a contributor's import waits for an editor");
  assert.equal(status(await despatch('import', '--create-sections', page(2), '--json', '--as', 'ed@garrison.example')), 'published');
  assert.equal(status(await despatch('import', '--create-sections', page(3), '--json', '--draft', '--as', 'ed@garrison.example')), 'draft');
  const system = await despatch('import', '--create-sections', page(4), '--draft');
  assert.match(system.stdout, /imported as a draft/);
});

test('despatch article publish and schedule go through the workflow, embargo included', async () => {
  const imported = await despatch('import', '--create-sections', SEED, '--json', '--draft');
  const { id } = JSON.parse(imported.stdout) as { id: string };
  // An editor sets an embargo in the newsroom (here: through the same service).
  const { services, close } = await boot(
    { databaseUrl: env.DATABASE_URL!, siteUrl: 'https://news.example', mediaDir: unusedMediaDir() },
    { log: silentLogger },
  );
  try {
    const edit = await services.articles.getForEdit(id);
    await services.articles.updateArticle(FACTORY, id, { ...edit, embargoUntil: '2099-01-01T09:00:00Z' });
  } finally {
    await close();
  }
  const early = await despatch('article', 'publish', id);
  assert.equal(early.code, 1);
  assert.match(early.stderr, /under embargo until 1 January 2099, 09:00 GMT and cannot be published before then/);
  const tooSoon = await despatch('article', 'schedule', id, '2098-12-31T09:00:00Z');
  assert.equal(tooSoon.code, 1);
  assert.match(tooSoon.stderr, /under embargo/);
  const scheduled = await despatch('article', 'schedule', id, '2099-01-01T09:00:00Z');
  assert.equal(scheduled.code, 0, scheduled.stderr);
  assert.match(scheduled.stdout, /Scheduled \/tri-service\/putin-[a-z-]+ for 1 January 2099, 09:00 GMT/);
  assert.equal((await despatch('article', 'unschedule', id)).code, 0);
  const usage = await despatch('article', 'publish');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /needs an article ID/);
});

test('despatch media add: pictures join the library with their sizes; bad files are reported one by one', async () => {
  const sharp = (await import('sharp')).default;
  const good = join(dir, 'chinook.jpg');
  await writeFile(
    good,
    await sharp({ create: { width: 500, height: 300, channels: 3, background: '#40607f' } })
      .jpeg()
      .toBuffer(),
  );
  const svg = join(dir, 'logo.png');
  await writeFile(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
  const huge = join(dir, 'huge.jpg');
  // A sparse 200 MB file: refused by its size before anything reads it.
  await writeFile(huge, '');
  await truncate(huge, 200 * 1024 * 1024);

  const { code, stdout } = await despatch(
    'media',
    'add',
    good,
    svg,
    huge,
    join(dir, 'missing.jpg'),
    '--json',
    '--alt',
    'A Chinook landing',
  );
  assert.equal(code, 1, 'a file failed');
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  const [ok, refusedSvg, tooBig, missing] = lines;
  assert.equal(ok.ok, true);
  assert.match(ok.url, /^\/media\/i\/[0-9a-f]{2}\/[0-9a-f]{64}\/500\.jpg$/);
  assert.deepEqual(
    ok.variants.map((v: { type: string; width: number }) => `${v.type} ${v.width}`).sort(),
    ['image/avif 320', 'image/avif 500', 'image/jpeg 320', 'image/jpeg 500', 'image/webp 320', 'image/webp 500'],
    'the sizes exist before the line is printed',
  );
  assert.deepEqual([refusedSvg.ok, refusedSvg.code], [false, 'UNSUPPORTED_IMAGE']);
  assert.match(refusedSvg.error, /SVG/);
  assert.deepEqual([tooBig.ok, tooBig.code], [false, 'FILE_TOO_LARGE']);
  assert.deepEqual([missing.ok, missing.code], [false, 'FILE_UNREADABLE']);
});
