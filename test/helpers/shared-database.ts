import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropPostgresSchema, openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import type { TestDatabase } from './databases.js';
import { TEST_DATABASE_URL } from './databases.js';

/** One database several "instances" open, each with connections of its own. */
export interface SharedDatabase {
  /** The URL a process would be given (DATABASE_URL); for PostgreSQL its search_path names the schema. */
  url: string;
  /**
   * A new handle on it, as another process would open (not migrated: the first `start`
   * migrates); `applicationName` names its PostgreSQL connections (pg_stat_activity).
   */
  open(opts?: { applicationName?: string }): Promise<DatabaseHandle>;
  /** As a `TestDatabase` (each `open` another connection to the same database). */
  asTestDatabase(): TestDatabase;
  /** Removes it (the file, or the schema). */
  drop(): Promise<void>;
}

/** A fresh database of `kind` that several handles can open: a file for SQLite, a schema for PostgreSQL. */
export async function sharedDatabase(kind: 'sqlite' | 'postgres'): Promise<SharedDatabase> {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'despatch-shared-'));
    const url = `sqlite:${join(dir, 'site.db')}`;
    const open = () => openDatabase(url);
    return {
      url,
      open,
      asTestDatabase: () => ({ name: 'sqlite', open }),
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const open = (opts: { applicationName?: string } = {}) => openDatabase(TEST_DATABASE_URL!, { schema, ...opts });
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  // The schema exists before any process opens the URL (a process given a URL does not create it).
  await (await open()).close();
  return {
    url: url.toString(),
    open,
    asTestDatabase: () => ({ name: 'postgres', open: () => open() }),
    drop: () => dropPostgresSchema(TEST_DATABASE_URL!, schema),
  };
}
