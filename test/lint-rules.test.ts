import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

/**
 * Lints `files` (path → source) laid out as in this repository, with the repository's own
 * lint configuration; returns the linter's report, or '' when it passed.
 */
async function lint(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-lint-'));
  try {
    await copyFile(join(ROOT, '.oxlintrc.json'), join(dir, '.oxlintrc.json'));
    for (const [path, source] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), source);
    }
    await run(bin('oxlint'), ['--deny-warnings', '-c', '.oxlintrc.json', ...Object.keys(files)], { cwd: dir });
    return '';
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('the dependency rules of docs/ARCHITECTURE.md §4 fail the lint run', async (t) => {
  const broken: Array<[string, Record<string, string>, RegExp]> = [
    ['domain/ importing fastify', { 'src/domain/articles/x.ts': "import 'fastify';\n" }, /Rule 2: domain\/ knows nothing of HTTP/],
    [
      'domain/ importing preact',
      { 'src/domain/articles/x.ts': "import { h } from 'preact';\nexport default h;\n" },
      /Rule 2: domain\/ knows nothing of HTTP/,
    ],
    ['domain/ importing web/', { 'src/domain/articles/x.ts': "import '../../web/render.js';\n" }, /Rule 2: domain\/ never imports web/],
    ['domain/ reading process.env', { 'src/domain/articles/x.ts': 'export const port = process.env.PORT;\n' }, /no-process-env/],
    ['kernel/ importing from src/', { 'src/kernel/x.ts': "import '../db/schema.js';\n" }, /Rule 1: kernel\/ is leaf code/],
    [
      'a driver outside db/database.ts',
      { 'src/db/other.ts': "import pg from 'pg';\nexport default pg;\n" },
      /Rule 3: only src\/db\/database.ts/,
    ],
    [
      'a feature reached past its index.ts',
      { 'src/domain/importer/x.ts': "import '../articles/markdown.js';\n" },
      /only through their index.ts/,
    ],
    [
      'a route importing a repository',
      { 'src/web/reader/x.routes.ts': "import '../../domain/articles/article.repository.js';\n" },
      /Rule 4/,
    ],
    ['web/ writing SQL', { 'src/web/reader/x.routes.ts': "import { sql } from 'kysely';\nexport default sql;\n" }, /Rule 4: no SQL in web/],
    ['the CLI importing web/', { 'src/cli.ts': "import './web/render.js';\n" }, /Rule 6/],
    ['the CLI importing a repository', { 'src/cli.ts': "import './domain/articles/article.repository.js';\n" }, /Rule 6/],
  ];
  for (const [name, files, message] of broken) {
    await t.test(name, async () => assert.match(await lint(files), message));
  }
  await t.test('the allowed imports pass', async () => {
    const report = await lint({
      'src/domain/importer/x.ts':
        "import '../articles/index.js';\nimport '../../kernel/errors.js';\nimport type {} from '../../db/schema.js';\n",
      'src/web/reader/x.routes.ts': "import '../../domain/articles/index.js';\nimport '../render.js';\n",
      'src/db/database.ts': "import pg from 'pg';\nexport default pg;\n",
    });
    assert.equal(report, '');
  });
});

test('an unformatted file fails the format check', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-format-'));
  try {
    await copyFile(join(ROOT, '.prettierrc.json'), join(dir, '.prettierrc.json'));
    await writeFile(join(dir, 'formatted.ts'), "export const a = { b: 'c' };\n");
    await run(bin('prettier'), ['--check', 'formatted.ts'], { cwd: dir });
    await writeFile(join(dir, 'unformatted.ts'), 'export const a = {b:"c"}\n');
    await assert.rejects(run(bin('prettier'), ['--check', 'unformatted.ts'], { cwd: dir }), (e: { stdout?: string; stderr?: string }) => {
      assert.match(String(e.stderr) + String(e.stdout), /unformatted\.ts/);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
