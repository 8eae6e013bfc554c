import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { sql } from 'kysely';
import { create, Parser, type ReadEntry } from 'tar';
import { z } from 'zod';
import { openDatabase, type DatabaseHandle } from './database.js';
import type { MigratableDatabase } from './migrator.js';
import { appliedMigrations, countRows, existingTables, TABLES } from './table-digest.js';

/**
 * A Despatch backup is one gzip-compressed tar file: first the manifest (`despatch-backup.json`),
 * then the database (a SQLite file, or a pg_dump of the PostgreSQL schema), then the media
 * folder's files under `media/`. The manifest lists every other member with its size and
 * SHA-256, so a restore checks the whole file before it touches anything.
 */
export const MANIFEST = 'despatch-backup.json';
export const BACKUP_FORMAT = 'despatch-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** The archive member holding each kind of database. */
export const DATABASE_MEMBER = { sqlite: 'database.sqlite', postgres: 'database.pgdump' } as const;

/** A refusal a person can act on, with nothing changed: the command prints it and exits 1. */
export class OperationRefused extends Error {}

const memberSchema = z.object({
  path: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  /** The Despatch version that made it (package.json). */
  appVersion: z.string(),
  database: z.enum(['sqlite', 'postgres']),
  /** PostgreSQL: the schema that was dumped. */
  schema: z.string().optional(),
  /** The migrations the database had applied, by name. */
  migrations: z.array(z.string()),
  createdAt: z.string(),
  /** Rows in each table of the schema, as the database member holds them. */
  tables: z.record(z.string(), z.number().int().nonnegative()),
  /** Every member but the manifest, in archive order. */
  members: z.array(memberSchema),
});

export type BackupManifest = z.infer<typeof manifestSchema>;
type Member = z.infer<typeof memberSchema>;

/** A backup whose manifest has been read (nothing else checked yet). */
export interface OpenedBackup {
  file: string;
  manifest: BackupManifest;
  /** The manifest's bytes, which the full read must find again. */
  raw: Buffer;
}

/** The largest manifest read (one line per media file fits many thousands of pictures). */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Writing

/** What a backup holds, for the summary. */
export interface BackupResult {
  manifest: BackupManifest;
  /** The archive's size. */
  bytes: number;
}

/**
 * Writes a backup of `handle` and the media folder to `file`: the database's copy and the
 * manifest are made in a folder beside it, the archive is written as `file.partial`, read back
 * whole against its manifest, and only then renamed to `file`, so a file of that name is
 * always a complete, checked backup.
 */
export async function writeBackup(
  handle: DatabaseHandle,
  opts: { databaseUrl: string; mediaDir: string; file: string; appVersion: string; now?: Date },
): Promise<BackupResult> {
  const file = resolve(opts.file);
  if (!existsSync(dirname(file))) throw new OperationRefused(`Cannot write ${opts.file}: the folder ${dirname(file)} does not exist.`);
  const partial = `${file}.partial`;
  const staging = await mkdtemp(join(dirname(file), '.despatch-backup-'));
  try {
    const member = DATABASE_MEMBER[handle.dialect];
    const snapshot =
      handle.dialect === 'sqlite'
        ? await snapshotSqlite(handle, join(staging, member))
        : await dumpPostgres(handle, opts.databaseUrl, join(staging, member));
    const media = await mediaFiles(opts.mediaDir);
    // The media folder is archived where it is, through a link in the staging folder, so the
    // archive's paths are `media/…` without copying a picture.
    if (media.length) await symlink(resolve(opts.mediaDir), join(staging, 'media'));
    const members: Member[] = [];
    for (const path of [member, ...media.map((m) => `media/${m}`)]) members.push(await describeFile(join(staging, path), path));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: opts.appVersion,
      database: handle.dialect,
      ...(snapshot.schema ? { schema: snapshot.schema } : {}),
      migrations: snapshot.migrations,
      createdAt: (opts.now ?? new Date()).toISOString(),
      tables: snapshot.tables,
      members,
    };
    const raw = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
    await writeFile(join(staging, MANIFEST), raw);
    await create({ gzip: true, file: partial, cwd: staging, portable: true, strict: true }, [MANIFEST, ...members.map((m) => m.path)]);
    // A picture replaced or removed between hashing and archiving would make a backup that
    // never restores: read it all back before it takes the final name.
    await verifyBackup({ file: partial, manifest, raw }).catch((err: unknown) => {
      throw new OperationRefused(
        `The archive did not read back as it was written (${err instanceof Error ? err.message : String(err)}), so ${opts.file} was not written; run the backup again.`,
      );
    });
    await rename(partial, file);
    return { manifest, bytes: (await stat(file)).size };
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  } finally {
    // Removes the link to the media folder, never what it points at.
    await rm(staging, { recursive: true, force: true });
  }
}

/** The media folder's files, relative and `/`-separated, in order; files still being written (`.tmp`) are left out. */
async function mediaFiles(mediaDir: string): Promise<string[]> {
  const root = resolve(mediaDir);
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

async function describeFile(path: string, name: string): Promise<Member> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { path: name, bytes, sha256: hash.digest('hex') };
}

/** What a database copy holds, read from the copy itself (or the dump's own snapshot). */
interface Snapshot {
  tables: Record<string, number>;
  migrations: string[];
  schema?: string;
}

/** Row counts of the schema's tables the database has, and its applied migrations. */
async function describeDatabase(database: MigratableDatabase): Promise<Omit<Snapshot, 'schema'>> {
  const present = await existingTables(database);
  const tables: Record<string, number> = {};
  for (const t of TABLES) if (present.has(t.name)) tables[t.name] = await countRows(database.db, t.name);
  return { tables, migrations: await appliedMigrations(database) };
}

/** SQLite: the online backup API's copy, described from the copy (so counts and file agree). */
async function snapshotSqlite(handle: DatabaseHandle, path: string): Promise<Snapshot> {
  if (!handle.snapshotTo) throw new Error('This database cannot make a snapshot');
  await handle.snapshotTo(path);
  const copy = await openDatabase(`sqlite:${path}`);
  try {
    return await describeDatabase(copy);
  } finally {
    await copy.close();
  }
}

/**
 * PostgreSQL: pg_dump of the handle's schema. The counts are read in a repeatable-read
 * transaction whose snapshot pg_dump is handed (`--snapshot`), so they describe exactly the
 * rows dumped while the site goes on writing.
 */
async function dumpPostgres(handle: DatabaseHandle, url: string, path: string): Promise<Snapshot> {
  const schema = requireSchema(handle);
  const conn = libpq(url, 'despatch backup');
  return handle.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const { rows } = await sql<{ snapshot: string }>`select pg_export_snapshot() as snapshot`.execute(trx);
      const described = await describeDatabase({ db: trx, migrationSchema: schema });
      await runTool(
        'pg_dump',
        [
          '--format=custom',
          `--schema=${quoteIdent(schema)}`,
          '--no-owner',
          `--snapshot=${rows[0]!.snapshot}`,
          `--file=${path}`,
          '--no-password',
          `--dbname=${conn.url}`,
        ],
        conn.env,
      );
      return { ...described, schema };
    });
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads a backup's manifest (its first member) and checks it is one this build can read.
 * Refuses a file that is not a Despatch backup or was made by a newer format.
 */
export async function openBackup(file: string): Promise<OpenedBackup> {
  if (!existsSync(file)) throw new OperationRefused(`${file}: no such file.`);
  const head = Buffer.alloc(2);
  try {
    const fd = await open(file, 'r');
    try {
      await fd.read(head, 0, 2, 0);
    } finally {
      await fd.close();
    }
  } catch (err) {
    throw new OperationRefused(`${file} cannot be read: ${describeError(err)}.`);
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b)
    throw new OperationRefused(`${file} is not a Despatch backup: it is not a gzip-compressed archive.`);
  let raw: Buffer | null = null;
  let first: string | null = null;
  try {
    await readArchive(file, async (entry, failed) => {
      first = entry.path;
      if (entry.path === MANIFEST && entry.size <= MAX_MANIFEST_BYTES) raw = await readAll(entry, failed);
      return false;
    });
  } catch (err) {
    throw new OperationRefused(`${file} is not a Despatch backup, or is damaged: ${describeError(err)}.`);
  }
  if (raw === null)
    throw new OperationRefused(
      first === null
        ? `${file} is not a Despatch backup: the archive is empty.`
        : `${file} is not a Despatch backup: it does not begin with ${MANIFEST}.`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse((raw as Buffer).toString('utf8'));
  } catch {
    throw new OperationRefused(`${file} is not a Despatch backup, or is damaged: its ${MANIFEST} is not JSON.`);
  }
  const marker = parsed as { format?: unknown; formatVersion?: unknown };
  if (marker?.format !== BACKUP_FORMAT)
    throw new OperationRefused(`${file} is not a Despatch backup: its ${MANIFEST} is not a Despatch manifest.`);
  if (typeof marker.formatVersion === 'number' && marker.formatVersion > BACKUP_FORMAT_VERSION)
    throw new OperationRefused(
      `${file} was made by a newer version of Despatch (backup format ${marker.formatVersion}; this one reads ${BACKUP_FORMAT_VERSION}); upgrade first.`,
    );
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) throw new OperationRefused(`${file} is damaged: its manifest is malformed (${result.error.issues[0]?.message}).`);
  const manifest = result.data;
  const database = DATABASE_MEMBER[manifest.database];
  const paths = new Set<string>();
  for (const m of manifest.members) {
    if (paths.has(m.path) || (m.path !== database && mediaPath(m.path) === null))
      throw new OperationRefused(`${file} is damaged: its manifest lists "${m.path}", which no backup holds.`);
    paths.add(m.path);
  }
  if (!paths.has(database)) throw new OperationRefused(`${file} is damaged: its manifest lists no database.`);
  if (manifest.database === 'postgres' && !manifest.schema) throw new OperationRefused(`${file} is damaged: its manifest names no schema.`);
  return { file, manifest, raw: raw as Buffer };
}

/** Where `verifyBackup` writes the members out. */
export interface ExtractTo {
  /** The file the database member becomes. */
  database: string;
  /** The folder the media members go under (it must not exist yet; made even when there are none). */
  media: string;
}

/**
 * Reads the whole backup and checks every member against the manifest (its size and SHA-256),
 * that none is missing and that nothing else is there; with `to`, writes them out as it goes.
 * Refuses a truncated or corrupted file, naming the first problem.
 */
export async function verifyBackup(backup: OpenedBackup, to?: ExtractTo): Promise<void> {
  const { file, manifest } = backup;
  const expected = new Map(manifest.members.map((m) => [m.path, m]));
  const seen = new Set<string>();
  let index = 0;
  const damaged = (why: string) => new OperationRefused(`${file} is damaged (truncated or corrupted): ${why}; nothing was changed.`);
  if (to) await mkdir(to.media, { recursive: false });
  try {
    await readArchive(file, async (entry, failed) => {
      if (index++ === 0) {
        if (entry.path !== MANIFEST || !(await readAll(entry, failed)).equals(backup.raw))
          throw damaged('its manifest differs from the one first read');
        return true;
      }
      const member = expected.get(entry.path);
      if (!member || seen.has(entry.path) || (entry.type !== 'File' && entry.type !== 'OldFile'))
        throw damaged(`it holds "${entry.path}", which its manifest does not list`);
      seen.add(entry.path);
      if (entry.size !== member.bytes) throw damaged(`${entry.path} is ${entry.size} bytes, not the ${member.bytes} its manifest says`);
      const target = to ? (entry.path === DATABASE_MEMBER[manifest.database] ? to.database : join(to.media, mediaPath(entry.path)!)) : null;
      const { bytes, sha256 } = await consume(entry, failed, target);
      if (bytes !== member.bytes) throw damaged(`${entry.path} ends after ${bytes} of its ${member.bytes} bytes`);
      if (sha256 !== member.sha256) throw damaged(`${entry.path} does not match its SHA-256 in the manifest`);
      return true;
    });
  } catch (err) {
    if (err instanceof OperationRefused) throw err;
    throw damaged(describeError(err));
  }
  const missing = manifest.members.find((m) => !seen.has(m.path));
  if (missing) throw damaged(`${missing.path} is missing`);
}

/** `media/a/b.jpg` → `a/b.jpg`; null for anything that is not a plain relative path under `media/`. */
function mediaPath(member: string): string | null {
  if (!member.startsWith('media/')) return null;
  const segments = member.slice('media/'.length).split('/');
  return segments.every((s) => s !== '' && s !== '.' && s !== '..' && !/[\\\0]/.test(s)) ? segments.join('/') : null;
}

/**
 * Walks a gzip-compressed tar file member by member, strictly (a bad header, a truncated end or a
 * gzip error is an error). `visit` consumes each member (through `readAll` or `consume`, which
 * stop waiting once the walk has failed) and says whether to go on.
 */
function readArchive(file: string, visit: (entry: ReadEntry, failed: Promise<never>) => Promise<boolean>): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const source = createReadStream(file);
    // Sizes are checked against the manifest, so no decompression ratio needs capping (a
    // mostly empty database compresses far beyond tar's default limit).
    const parser = new Parser({ strict: true, maxDecompressionRatio: Infinity });
    let settled = false;
    let fail: (err: unknown) => void = () => {};
    // A member the parser gave up on never ends: its reader waits on this as well.
    const failed = new Promise<never>((_, rejectFailed) => (fail = rejectFailed));
    failed.catch(() => {});
    let chain: Promise<void> = Promise.resolve();
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      source.destroy();
      if (err) {
        fail(err);
        reject(err);
      } else resolvePromise();
    };
    parser.on('entry', (entry: ReadEntry) => {
      chain = chain
        .then(async () => {
          if (settled) return void entry.resume();
          if (!(await visit(entry, failed))) finish();
        })
        .catch(finish);
    });
    parser.on('error', finish);
    parser.on('end', () => void chain.then(() => finish()));
    source.on('error', finish);
    source.pipe(parser as unknown as NodeJS.WritableStream);
  });
}

/** Each chunk of a member, until it ends or the walk fails. */
async function* chunks(entry: ReadEntry, failed: Promise<never>): AsyncGenerator<Buffer> {
  const iterator = entry[Symbol.asyncIterator]();
  for (;;) {
    const next = await Promise.race([iterator.next(), failed]);
    if (next.done) return;
    yield next.value;
  }
}

async function readAll(entry: ReadEntry, failed: Promise<never>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks(entry, failed)) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Reads a member through, hashing it and, given a path, writing it there. */
async function consume(entry: ReadEntry, failed: Promise<never>, path: string | null): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  if (path) await mkdir(dirname(path), { recursive: true });
  const out = path ? createWriteStream(path, { flags: 'wx' }) : null;
  try {
    for await (const chunk of chunks(entry, failed)) {
      hash.update(chunk);
      bytes += chunk.length;
      if (out && !out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    }
  } finally {
    if (out) {
      out.end();
      await once(out, 'close');
    }
  }
  return { bytes, sha256: hash.digest('hex') };
}

function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^TAR_[A-Z_]+: /, '').replace(/\.$/, '');
}

// ---------------------------------------------------------------------------------------------
// Restoring: each database's own steps (the one place backups pick by database)

/** The file a `sqlite:PATH` URL names; refuses an in-memory database, which nothing can restore into. */
export function sqliteFile(url: string): string {
  const path = url.slice('sqlite:'.length);
  if (path === '' || path === ':memory:')
    throw new OperationRefused('DATABASE_URL names an in-memory database, which cannot be restored into.');
  return resolve(path);
}

/** Refuses to back up a SQLite database that is not there (opening it would make an empty one). */
export function checkBackupSource(url: string): void {
  if (kindOf(url) !== 'sqlite') return;
  const path = url.slice('sqlite:'.length);
  if (path === '' || path === ':memory:')
    throw new OperationRefused('DATABASE_URL names an in-memory database: there is nothing to back up.');
  if (!existsSync(path)) throw new OperationRefused(`DATABASE_URL names ${path}, which does not exist: there is nothing to back up.`);
}

/** Which kind of database a URL names. */
export const kindOf = (url: string): 'sqlite' | 'postgres' => (url.startsWith('sqlite:') ? 'sqlite' : 'postgres');

/** What makes a database "in use": content, migrations, and (PostgreSQL) other Despatch connections. */
export interface DatabaseUse {
  articles: number;
  staffUsers: number;
  migrations: number;
  /** PostgreSQL: other sessions whose application name starts with "despatch". */
  sessions: number;
}

/** True when nothing says the database has been used. */
export const isUnused = (use: DatabaseUse): boolean => use.articles + use.staffUsers + use.migrations + use.sessions === 0;

/** How `use` reads in a sentence: "12 articles, 2 staff users and 46 applied migrations". */
export function describeUse(use: DatabaseUse): string {
  const parts = [
    use.articles && plural(use.articles, 'article'),
    use.staffUsers && plural(use.staffUsers, 'staff user'),
    use.migrations && plural(use.migrations, 'applied migration'),
    use.sessions && `${plural(use.sessions, 'other Despatch connection')} to it`,
  ].filter((p): p is string => Boolean(p));
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'nothing');
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

/** The name this process's restore and copy connections go by, so they are not counted as others. */
const OWN_APPLICATION = `despatch operations ${process.pid}`;

/** Opens the database a restore or copy writes to, its own connections named as such. */
export const openTarget = (url: string): Promise<DatabaseHandle> => openDatabase(url, { applicationName: OWN_APPLICATION });

/** What is in `handle` (articles, staff, migrations) and, on PostgreSQL, who else is connected. */
export async function databaseUse(handle: DatabaseHandle, opts: { sessions: boolean }): Promise<DatabaseUse> {
  const present = await existingTables(handle);
  const count = (table: string) => (present.has(table) ? countRows(handle.db, table) : Promise.resolve(0));
  return {
    articles: await count('articles'),
    staffUsers: await count('staff_users'),
    migrations: (await appliedMigrations(handle)).length,
    sessions: opts.sessions && handle.dialect === 'postgres' ? await otherSessions(handle) : 0,
  };
}

/** PostgreSQL: sessions of other Despatch processes connected to the same database (servers, commands). */
async function otherSessions(handle: DatabaseHandle): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid()
      and application_name like 'despatch%' and application_name <> ${OWN_APPLICATION}`.execute(handle.db);
  return Number(rows[0]?.n ?? 0);
}

/** PostgreSQL: the schema the handle works in; refuses a search_path naming none that exists. */
export function requireSchema(handle: DatabaseHandle): string {
  if (handle.migrationSchema) return handle.migrationSchema;
  throw new OperationRefused('The PostgreSQL database has no schema to work in: its search_path names none that exists (create it first).');
}

/**
 * Checks a restored copy before it replaces anything: SQLite's own integrity check of the
 * file; pg_restore's reading of the dump's table of contents.
 */
export async function checkDatabaseCopy(kind: 'sqlite' | 'postgres', path: string, file: string): Promise<void> {
  if (kind === 'postgres') {
    try {
      await runTool('pg_restore', ['--list', path], {});
    } catch (err) {
      if (err instanceof OperationRefused) throw err;
      throw new OperationRefused(`${file} is damaged: pg_restore cannot read its dump (${describeError(err)}); nothing was changed.`);
    }
    return;
  }
  let problems: string[];
  try {
    const copy = await openDatabase(`sqlite:${path}`);
    try {
      const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(copy.db);
      problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    } finally {
      await copy.close();
    }
  } catch (err) {
    problems = [describeError(err)];
  }
  if (problems.length)
    throw new OperationRefused(
      `${file} is damaged: its database fails SQLite's integrity check (${problems.slice(0, 3).join('; ')}); nothing was changed.`,
    );
}

/**
 * SQLite: puts the checked copy in place of the database file by rename (atomic on one file
 * system), first removing the old file's write-ahead log and shared memory, which SQLite would
 * otherwise replay into the new file.
 */
export async function replaceSqliteFile(copy: string, target: string): Promise<void> {
  await rm(`${target}-wal`, { force: true });
  await rm(`${target}-shm`, { force: true });
  await rename(copy, target);
}

/**
 * PostgreSQL: refuses a dump of schema `from` into another schema of a database that has a
 * `from` too (the dump recreates its own schema, which a restore then renames).
 */
export async function checkPostgresTarget(handle: DatabaseHandle, from: string): Promise<void> {
  const to = requireSchema(handle);
  if (from === to) return;
  const { rows } = await sql<{ n: string }>`select count(*) as n from pg_namespace where nspname = ${from}`.execute(handle.db);
  if (Number(rows[0]?.n) > 0)
    throw new OperationRefused(
      `The backup holds schema "${from}", which this database has beside "${to}": restore it into "${from}" (through the search_path) or into another database; nothing was changed.`,
    );
}

/**
 * PostgreSQL: replaces the handle's schema with the dump of schema `from`, in one transaction:
 * pg_restore turns the dump into SQL, which psql runs after dropping the schema and, when the
 * dump's schema had another name, before renaming it. Any failure rolls it all back and leaves
 * the old schema whole: psql commits only at the end of its input, which it reaches only after
 * pg_restore succeeded (otherwise psql is killed, and the server rolls back).
 */
export async function restorePostgres(handle: DatabaseHandle, url: string, dump: string, from: string): Promise<void> {
  await checkPostgresTarget(handle, from);
  const to = requireSchema(handle);
  const conn = libpq(url, OWN_APPLICATION);
  const prelude = `SET client_min_messages = warning;\nDROP SCHEMA IF EXISTS ${quoteIdent(to)} CASCADE;\n`;
  const epilogue = from === to ? '' : `ALTER SCHEMA ${quoteIdent(from)} RENAME TO ${quoteIdent(to)};\n`;
  const psql = spawnTool(
    'psql',
    ['-X', '-q', '--no-password', '--single-transaction', '-v', 'ON_ERROR_STOP=1', '-f', '-', `--dbname=${conn.url}`],
    conn.env,
  );
  const restore = spawnTool('pg_restore', ['--no-owner', '-f', '-', dump], {});
  restore.child.stdin!.end();
  // psql stopping early (an error) is reported by its exit status.
  psql.child.stdin!.on('error', () => {});
  psql.child.stdout!.resume();
  psql.child.stdin!.write(prelude);
  restore.child.stdout!.pipe(psql.child.stdin!, { end: false });
  try {
    await restore.done;
  } catch (err) {
    psql.child.kill('SIGKILL');
    await psql.done.catch(() => {});
    throw err;
  }
  psql.child.stdin!.end(epilogue);
  await psql.done;
}

/**
 * Runs `work` over a view of `handle` that holds still while the site writes: SQLite copies
 * the database aside first (the online backup API, into a folder beside it) and reads the copy;
 * PostgreSQL reads inside one repeatable-read transaction.
 */
export async function withConsistentView<T>(
  handle: DatabaseHandle,
  url: string,
  work: (view: MigratableDatabase) => Promise<T>,
): Promise<T> {
  if (handle.snapshotTo) {
    const path = url.slice('sqlite:'.length);
    const inMemory = path === '' || path === ':memory:';
    const dir = await mkdtemp(join(inMemory ? tmpdir() : dirname(resolve(path)), '.despatch-copy-'));
    try {
      await handle.snapshotTo(join(dir, 'snapshot.sqlite'));
      const copy = await openDatabase(`sqlite:${join(dir, 'snapshot.sqlite')}`);
      try {
        return await work(copy);
      } finally {
        await copy.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return handle.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => work({ db: trx, migrationSchema: handle.migrationSchema }));
}

/** Refuses a database that cannot be written to as it is (PostgreSQL: a search_path naming no schema). */
export function checkWritable(handle: DatabaseHandle): void {
  if (handle.dialect === 'postgres') requireSchema(handle);
}

/** A PostgreSQL URL as libpq's tools take it, its password moved to the environment (never on a command line). */
function libpq(url: string, applicationName: string): { url: string; env: Record<string, string> } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  // node-postgres decodes `+` in the query as a space and libpq does not; and `ssl` is
  // node-postgres's switch, where libpq says sslmode. The query is written out again for libpq.
  const params = [...u.searchParams].filter(([k]) => k !== 'ssl');
  const ssl = u.searchParams.get('ssl');
  if (ssl !== null && ssl !== 'false' && ssl !== '0' && !u.searchParams.has('sslmode')) params.push(['sslmode', 'require']);
  u.search = params.length ? `?${params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
  return { url: u.toString(), env: { PGAPPNAME: applicationName, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** An identifier double-quoted for SQL (and for pg_dump's --schema, where quotes make it exact). */
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** What each PostgreSQL tool is for, in the message when it is missing. */
const TOOL_PURPOSE: Record<string, string> = {
  pg_dump: 'Backing up PostgreSQL needs pg_dump',
  pg_restore: 'Restoring PostgreSQL needs pg_restore',
  psql: 'Restoring PostgreSQL needs psql',
};

/** Starts one of PostgreSQL's tools; `done` rejects with its last words when it fails. */
function spawnTool(name: string, args: string[], env: Record<string, string>) {
  // The environment passes through (PATH, PGSSLROOTCERT …), with the connection's additions.
  const child = spawn(name, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4000)));
  const done = new Promise<void>((resolvePromise, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new OperationRefused(
              `${TOOL_PURPOSE[name] ?? `This needs ${name}`} (PostgreSQL's client tools, e.g. Debian's postgresql-client) on the PATH, and it is not there.`,
            )
          : err,
      ),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise();
      else
        reject(new Error(`${name} failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-5).join(' ') || 'no message'}`));
    });
  });
  return { child, done };
}

async function runTool(name: string, args: string[], env: Record<string, string>): Promise<void> {
  const { child, done } = spawnTool(name, args, env);
  child.stdin!.end();
  child.stdout!.resume();
  await done;
}
