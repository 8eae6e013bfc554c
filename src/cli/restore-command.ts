import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import {
  checkDatabaseCopy,
  checkPostgresTarget,
  DATABASE_MEMBER,
  databaseUse,
  describeUse,
  isUnused,
  kindOf,
  openBackup,
  openTarget,
  OperationRefused,
  replaceSqliteFile,
  restorePostgres,
  sqliteFile,
  verifyBackup,
  type BackupManifest,
  type DatabaseUse,
} from '../db/backup-archive.js';
import type { DatabaseHandle } from '../db/database.js';
import { migrateToLatest, migrations } from '../db/migrator.js';
import { countRows, existingTables } from '../db/table-digest.js';
import { count, refused } from './backup-command.js';
import { UsageError, type CommandIo } from './io.js';

export const RESTORE_USAGE = `  restore FILE [--force]  replace the database and the media folder with a backup's, once all
                          of it has been checked; a database in use (content, migrations or,
                          on PostgreSQL, other Despatch connections) only with --force`;

const DATABASE_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

/** `despatch restore FILE [--force]`: the database and media folder from a backup, checked first. */
export async function restoreCommand(config: Config, args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('restore needs one FILE, a backup made by `despatch backup`.');
  try {
    return await restore(config, file, values.force, io);
  } catch (err) {
    return refused(err, io);
  }
}

async function restore(config: Config, file: string, force: boolean, io: CommandIo): Promise<number> {
  const url = config.databaseUrl;
  // Everything that can be known without reading the whole file is checked first.
  const backup = await openBackup(file);
  const { manifest } = backup;
  const unknown = manifest.migrations.find((name) => !Object.hasOwn(migrations, name));
  if (unknown) throw new OperationRefused(`${file} was made by a newer version of Despatch (migration ${unknown} unknown); upgrade first.`);
  const kind = kindOf(url);
  if (manifest.database !== kind) throw new OperationRefused(otherKind(file, manifest.database));
  const sqlitePath = kind === 'sqlite' ? sqliteFile(url) : null;
  if (!force) {
    const use = await targetUse(url, sqlitePath);
    if (!isUnused(use))
      throw new OperationRefused(
        `The database DATABASE_URL names is in use: it has ${describeUse(use)}. Restoring replaces all of it: add --force to do so (stop the site first); nothing was changed.`,
      );
  }
  if (kind === 'postgres') await withTarget(url, (handle) => checkPostgresTarget(handle, manifest.schema!));

  // The backup is unpacked beside what it replaces (so each is swapped in by a rename) and
  // checked whole before anything is touched.
  const mediaDir = resolve(config.mediaDir);
  await mkdir(dirname(mediaDir), { recursive: true });
  const staging = await mkdtemp(join(dirname(mediaDir), '.despatch-restore-'));
  let databaseStaging = staging;
  try {
    if (sqlitePath) {
      await mkdir(dirname(sqlitePath), { recursive: true });
      databaseStaging = await mkdtemp(join(dirname(sqlitePath), '.despatch-restore-'));
    }
    const databaseCopy = join(databaseStaging, DATABASE_MEMBER[kind]);
    await verifyBackup(backup, { database: databaseCopy, media: join(staging, 'media') });
    await checkDatabaseCopy(kind, databaseCopy, file);

    // The media folder first, kept aside until the database is in: a database that fails to
    // go in puts the old folder back.
    const previous = join(staging, 'previous-media');
    const hadMedia = existsSync(mediaDir);
    if (hadMedia) await rename(mediaDir, previous);
    await rename(join(staging, 'media'), mediaDir);
    try {
      if (sqlitePath) await replaceSqliteFile(databaseCopy, sqlitePath);
      else await withTarget(url, (handle) => restorePostgres(handle, url, databaseCopy, manifest.schema!));
    } catch (err) {
      await rename(mediaDir, join(staging, 'unused-media'));
      if (hadMedia) await rename(previous, mediaDir);
      throw err;
    }

    const { differences, applied } = await withTarget(url, async (handle) => ({
      // Counted before migrating, which may move rows.
      differences: await countDifferences(handle, manifest),
      applied: await migrateToLatest(handle),
    }));
    const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
    const media = manifest.members.filter((m) => m.path.startsWith('media/')).length;
    io.out.write(
      `Restored ${file}, a ${DATABASE_NAMES[manifest.database]} backup of ${manifest.createdAt} (Despatch ${manifest.appVersion}): ` +
        `${count(Object.keys(manifest.tables).length, 'table')} (${count(rows, 'row')}) and ${count(media, 'media file')}.\n`,
    );
    io.out.write(
      applied.length ? `Applied ${count(applied.length, 'newer migration')}: ${applied.join(', ')}.\n` : 'The database is up to date.\n',
    );
    if (differences.length) {
      io.err.write(`The restored database does not hold what the backup's manifest counts: ${differences.join('; ')}.\n`);
      return 1;
    }
    return 0;
  } finally {
    await rm(staging, { recursive: true, force: true });
    if (databaseStaging !== staging) await rm(databaseStaging, { recursive: true, force: true });
  }
}

/** Why a backup of one kind of database does not go into the other, and what to do instead. */
function otherKind(file: string, backupKind: 'sqlite' | 'postgres'): string {
  return backupKind === 'sqlite'
    ? `${file} is a backup of a SQLite database and DATABASE_URL names PostgreSQL: restore it into SQLite (DATABASE_URL=sqlite:PATH), then move it across with \`despatch copy --to postgres://…\`; nothing was changed.`
    : `${file} is a backup of a PostgreSQL database and DATABASE_URL names SQLite: restore it into PostgreSQL, then move it across with \`despatch copy --to sqlite:PATH\`; nothing was changed.`;
}

/** What is in the target; a SQLite file not there yet holds nothing (and is not created to find out). */
async function targetUse(url: string, sqlitePath: string | null): Promise<DatabaseUse> {
  if (sqlitePath && !existsSync(sqlitePath)) return { articles: 0, staffUsers: 0, migrations: 0, sessions: 0 };
  return withTarget(url, (handle) => databaseUse(handle, { sessions: true }));
}

/** Opens the target for `work` and closes it again: a SQLite file is never held open while it is replaced. */
async function withTarget<T>(url: string, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openTarget(url);
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/** Tables whose rows differ in number from the manifest's count, described. */
async function countDifferences(handle: DatabaseHandle, manifest: BackupManifest): Promise<string[]> {
  const present = await existingTables(handle);
  const differences: string[] = [];
  for (const [table, expected] of Object.entries(manifest.tables)) {
    const rows = present.has(table) ? await countRows(handle.db, table) : 0;
    if (rows !== expected) differences.push(`${table} has ${count(rows, 'row')}, not ${expected.toLocaleString('en-GB')}`);
  }
  return differences;
}
