import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { create, extract } from 'tar';
import { despatchInProcess } from './helpers/cli.js';
import { MANIFEST } from '../src/db/backup-archive.js';
import { openDatabase } from '../src/db/database.js';
import { TABLES, tableDigests, type TableDigest } from '../src/db/table-digest.js';
import { anArticle, aStaffMember } from './factories.js';
import { createTestContext } from './helpers/app.js';
import { forEachDatabase, postgresSuite, TEST_DATABASE_URL } from './helpers/databases.js';
import { sharedDatabase } from './helpers/shared-database.js';

/** Where a command works: the database a process is given by URL, and the media folder. */
interface Place {
  url: string;
  mediaDir: string;
  /** More of the environment (PATH). */
  env?: Record<string, string>;
}

/** `despatch ARGS` in this process, working on `place`. */
const despatch = (place: Place, ...args: string[]) =>
  despatchInProcess({ DATABASE_URL: place.url, MEDIA_DIR: place.mediaDir, ...place.env }, ...args);

/** Every file under `dir`, by relative path, with its bytes (none when the folder is not there). */
async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  if (!existsSync(dir)) return files;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) files.set(relative(dir, join(e.parentPath, e.name)), await readFile(join(e.parentPath, e.name)));
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

/** Each table's row count and checksum, for the database at `url`. */
async function digestsOf(url: string): Promise<Map<string, TableDigest>> {
  const handle = await openDatabase(url);
  try {
    return await tableDigests(handle);
  } finally {
    await handle.close();
  }
}

/**
 * A new, empty database to restore into. On PostgreSQL it is a database of its own rather than
 * a schema in the shared test database: a restore refuses a database other Despatch processes
 * are connected to, and other suites are connected to that one.
 */
async function freshDatabase(kind: 'sqlite' | 'postgres'): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') return sharedDatabase('sqlite');
  const name = `despatch_restore_${randomBytes(5).toString('hex')}`;
  const admin = async (statement: ReturnType<typeof sql>) => {
    const handle = await openDatabase(TEST_DATABASE_URL!);
    try {
      await statement.execute(handle.db);
    } finally {
      await handle.close();
    }
  };
  await admin(sql`create database ${sql.id(name)}`);
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(sql`drop database if exists ${sql.id(name)} with (force)`) };
}

/** The backup with its manifest rewritten by `change` (the other members as they were). */
async function withManifest(backup: string, into: string, change: (manifest: { migrations: string[] }) => void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-repack-'));
  try {
    await extract({ file: backup, cwd: dir });
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8'));
    change(manifest);
    await writeFile(join(dir, MANIFEST), JSON.stringify(manifest));
    const members = manifest.members.map((m: { path: string }) => m.path);
    await create({ gzip: true, file: into, cwd: dir, portable: true }, [MANIFEST, ...members]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

forEachDatabase('despatch backup and restore', (db) => {
  let dir: string;
  let backup: string;
  let sourceTables: Map<string, TableDigest>;
  let sourceMedia: Map<string, Buffer>;
  let target: Place & { drop(): Promise<void> };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'despatch-backup-'));
    backup = join(dir, 'outlet.tar.gz');
    // The demo outlet (its pictures are in the library), a member of staff, and a file of the
    // public folder, so both of the media folder's parts are there.
    const source = await sharedDatabase(db.name);
    const ctx = await createTestContext({ database: source.asTestDatabase(), demo: true });
    try {
      await aStaffMember(ctx, 'editor');
      await mkdir(join(ctx.mediaDir, 'public', 'i', 'extra'), { recursive: true });
      await writeFile(join(ctx.mediaDir, 'public', 'i', 'extra', 'note.bin'), randomBytes(3000));
      const made = await despatch({ url: source.url, mediaDir: ctx.mediaDir }, 'backup', backup);
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stdout, /^Backed up \d+ tables \([\d,]+ rows\) and \d+ media files to .*outlet\.tar\.gz \([\d.]+ [KM]B\)\.\n$/);
      assert.ok(!existsSync(`${backup}.partial`), 'the partial file is renamed, not left beside it');
      sourceTables = await tableDigests(ctx.handle);
      sourceMedia = await filesOf(ctx.mediaDir);
    } finally {
      await ctx.close();
      // The source is gone, as after the disaster a backup is for (and a PostgreSQL dump's
      // schema is then free to take its place under the target's name).
      await source.drop();
    }
    const fresh = await freshDatabase(db.name);
    target = { url: fresh.url, mediaDir: join(dir, 'media'), drop: fresh.drop };
  });
  after(async () => {
    await target?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Asserts the target holds what the backup held, every table and every media file. */
  async function assertRestored(): Promise<void> {
    assert.deepEqual(await digestsOf(target.url), sourceTables);
    const media = await filesOf(target.mediaDir);
    assert.deepEqual([...media.keys()], [...sourceMedia.keys()]);
    for (const [path, bytes] of sourceMedia) assert.ok(media.get(path)!.equals(bytes), `${path} is restored byte for byte`);
  }

  test('a backup restores into a fresh, empty database and media folder: every table and media file the same', async () => {
    // Every table of the schema was compared (SQLite's change log has no PostgreSQL twin).
    assert.ok(sourceTables.size >= TABLES.length - 1, `${sourceTables.size} tables compared`);
    assert.ok(sourceTables.get('articles')!.rows >= 6 && sourceTables.get('staff_users')!.rows === 1);
    assert.ok([...sourceMedia.keys()].some((p) => p.startsWith('uploads/')) && sourceMedia.has(join('public', 'i', 'extra', 'note.bin')));
    const restored = await despatch(target, 'restore', backup);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(
      restored.stdout,
      /^Restored .*outlet\.tar\.gz, a (SQLite|PostgreSQL) backup of .* \d+ tables \([\d,]+ rows\) and \d+ media files\.\nThe database is up to date\.\n$/,
    );
    await assertRestored();
  });

  /** Asserts that restoring `file` (with --force, so only the file can be the reason) is refused with `message` and changes nothing. */
  async function assertRefused(file: string, message: RegExp): Promise<void> {
    const tables = await digestsOf(target.url);
    const media = await filesOf(target.mediaDir);
    const res = await despatch(target, 'restore', file, '--force');
    assert.equal(res.code, 1, res.stdout);
    assert.match(res.stderr, message);
    assert.equal(res.stderr.trim().split('\n').length, 1, 'one line says why');
    assert.deepEqual(await digestsOf(target.url), tables, 'the database is unchanged');
    assert.deepEqual(await filesOf(target.mediaDir), media, 'the media folder is unchanged');
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.startsWith('.despatch-')),
      [],
      'no staging folder is left behind',
    );
  }

  test('a file that is not a Despatch backup is refused, and nothing changes', async () => {
    const random = join(dir, 'random.bin');
    await writeFile(random, randomBytes(64 * 1024));
    await assertRefused(random, /random\.bin is not a Despatch backup: it is not a gzip-compressed archive\./);
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'Army\n\nRecruits pass out at Catterick\n');
    await assertRefused(text, /notes\.txt is not a Despatch backup: it is not a gzip-compressed archive\./);
    const otherArchive = join(dir, 'other.tar.gz');
    await create({ gzip: true, file: otherArchive, cwd: dir }, ['notes.txt']);
    await assertRefused(otherArchive, /other\.tar\.gz is not a Despatch backup: it does not begin with despatch-backup\.json\./);
    await assertRefused(join(dir, 'missing.tar.gz'), /missing\.tar\.gz: no such file\./);
  });

  test('a truncated or corrupted backup is refused before anything is touched', async () => {
    const bytes = await readFile(backup);
    const truncated = join(dir, 'truncated.tar.gz');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await assertRefused(truncated, /truncated\.tar\.gz is damaged \(truncated or corrupted\): .*; nothing was changed\./);
    const flipped = join(dir, 'flipped.tar.gz');
    const copy = Buffer.from(bytes);
    copy[Math.floor(copy.length / 2)]! ^= 0x01;
    await writeFile(flipped, copy);
    await assertRefused(flipped, /flipped\.tar\.gz is damaged \(truncated or corrupted\): .*; nothing was changed\./);
  });

  test('a backup from a newer schema is refused: upgrade first', async () => {
    const newer = join(dir, 'newer.tar.gz');
    await withManifest(backup, newer, (m) => m.migrations.push('29991231_2359_from_the_future'));
    await assertRefused(newer, /made by a newer version of Despatch \(migration 29991231_2359_from_the_future unknown\); upgrade first\./);
  });

  test('a database in use is refused without --force (unchanged), and replaced with it', async () => {
    // The target now holds the restored outlet; someone edits a headline and adds a picture.
    const handle = await openDatabase(target.url);
    try {
      await handle.db.updateTable('articles').set({ headline: 'Edited after the backup' }).execute();
    } finally {
      await handle.close();
    }
    await writeFile(join(target.mediaDir, 'uploads', 'stray.jpg'), randomBytes(100));
    const tables = await digestsOf(target.url);
    const media = await filesOf(target.mediaDir);

    const refused = await despatch(target, 'restore', backup);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /^The database DATABASE_URL names is in use: it has [\d,]+ articles, 1 staff user(, | and )\d+ applied migrations.*\. Restoring replaces all of it: add --force to do so/,
    );
    assert.deepEqual(await digestsOf(target.url), tables);
    assert.deepEqual(await filesOf(target.mediaDir), media);

    const forced = await despatch(target, 'restore', backup, '--force');
    assert.equal(forced.code, 0, forced.stderr);
    await assertRestored();
  });
});

postgresSuite('despatch restore on PostgreSQL', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'despatch-backup-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** A backup of a small outlet on `kind`. */
  async function backupOf(kind: 'sqlite' | 'postgres', file: string): Promise<void> {
    const source = await sharedDatabase(kind);
    const ctx = await createTestContext({ database: source.asTestDatabase() });
    try {
      await anArticle(ctx);
      const made = await despatch({ url: source.url, mediaDir: ctx.mediaDir }, 'backup', file);
      assert.equal(made.code, 0, made.stderr);
    } finally {
      await ctx.close();
      await source.drop();
    }
  }

  test('without pg_dump on the PATH, a backup says it is needed and leaves no file', async () => {
    const source = await sharedDatabase('postgres');
    try {
      const file = join(dir, 'no-tools.tar.gz');
      const res = await despatch({ url: source.url, mediaDir: join(dir, 'none'), env: { PATH: dir } }, 'backup', file);
      assert.equal(res.code, 1);
      assert.match(
        res.stderr,
        /^Backing up PostgreSQL needs pg_dump \(PostgreSQL's client tools, .*\) on the PATH, and it is not there\.\n$/,
      );
      assert.deepEqual(await readdir(dir), []);
    } finally {
      await source.drop();
    }
  });

  test('refuses a database other Despatch processes are connected to, and a SQLite backup (use despatch copy)', async () => {
    const pgBackup = join(dir, 'pg.tar.gz');
    const sqliteBackup = join(dir, 'sqlite.tar.gz');
    await backupOf('postgres', pgBackup);
    await backupOf('sqlite', sqliteBackup);
    const fresh = await freshDatabase('postgres');
    const target = { url: fresh.url, mediaDir: join(dir, 'media') };
    try {
      const kind = await despatch(target, 'restore', sqliteBackup, '--force');
      assert.equal(kind.code, 1);
      assert.match(
        kind.stderr,
        /sqlite\.tar\.gz is a backup of a SQLite database and DATABASE_URL names PostgreSQL: .*despatch copy --to postgres/,
      );

      // A server (or any Despatch process) on the empty database.
      const server = await openDatabase(fresh.url);
      try {
        await server.ping();
        const busy = await despatch(target, 'restore', pgBackup);
        assert.equal(busy.code, 1);
        assert.match(busy.stderr, /is in use: it has 1 other Despatch connection to it\. .*add --force/);
        const forced = await despatch(target, 'restore', pgBackup, '--force');
        assert.equal(forced.code, 0, forced.stderr);
        assert.match(forced.stdout, /^Restored .*pg\.tar\.gz, a PostgreSQL backup/);
        assert.equal((await digestsOf(fresh.url)).get('articles')?.rows, 1);
      } finally {
        await server.close();
      }
    } finally {
      await fresh.drop();
    }
  });
});

describe('a backup is verified before it takes its name', () => {
  test('the manifest lists every member with its size and SHA-256', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'despatch-backup-'));
    const source = await sharedDatabase('sqlite');
    try {
      const mediaDir = join(dir, 'media');
      await mkdir(join(mediaDir, 'uploads'), { recursive: true });
      await writeFile(join(mediaDir, 'uploads', 'a.jpg'), 'not really a picture');
      // A file still being written is not part of the folder yet.
      await writeFile(join(mediaDir, 'uploads', 'b.jpg.0a1b2c.tmp'), 'half');
      await (await openDatabase(source.url)).close();
      const file = join(dir, 'b.tar.gz');
      const made = await despatch({ url: source.url, mediaDir }, 'backup', file);
      assert.equal(made.code, 0, made.stderr);
      const out = join(dir, 'out');
      await mkdir(out);
      await extract({ file, cwd: out });
      const manifest = JSON.parse(await readFile(join(out, MANIFEST), 'utf8'));
      assert.equal(manifest.format, 'despatch-backup');
      assert.equal(manifest.formatVersion, 1);
      assert.equal(manifest.database, 'sqlite');
      assert.match(manifest.appVersion, /^\d+\.\d+\.\d+/);
      assert.deepEqual(
        manifest.members.map((m: { path: string }) => m.path),
        ['database.sqlite', 'media/uploads/a.jpg'],
      );
      const a = manifest.members[1];
      assert.equal(a.bytes, 20);
      assert.equal(a.sha256, createHash('sha256').update('not really a picture').digest('hex'));
    } finally {
      await source.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
