import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { dropPostgresSchema, openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';

/** The PostgreSQL server for tests, from TEST_DATABASE_URL (CI sets it). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** A database kind the suite runs on. */
export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** Opens a fresh, empty database, migrated unless `migrate` is false; close() removes it. */
  open(opts?: { migrate?: boolean }): Promise<DatabaseHandle>;
}

const sqlite: TestDatabase = {
  name: 'sqlite',
  async open({ migrate = true } = {}) {
    const handle = await openDatabase('sqlite::memory:');
    if (migrate) await migrateToLatest(handle);
    return handle;
  },
};

const postgres = (url: string): TestDatabase => ({
  name: 'postgres',
  async open({ migrate = true } = {}) {
    // Each test database is its own schema, so suites never see each other's rows.
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const handle = await openDatabase(url, { schema });
    if (migrate) await migrateToLatest(handle);
    return {
      ...handle,
      async close() {
        await handle.close();
        await dropPostgresSchema(url, schema);
      },
    };
  },
});

/** The databases every repository test runs on. */
export const testDatabases: TestDatabase[] = [sqlite, ...(TEST_DATABASE_URL ? [postgres(TEST_DATABASE_URL)] : [])];

const SKIP_REASON = 'PostgreSQL tests skipped: TEST_DATABASE_URL is not set (CI sets it to postgres://postgres@127.0.0.1:5432/test)';

/**
 * Runs `suite` once per database. Without PostgreSQL its run is reported as one skipped test,
 * with the reason, so the summary's "skipped" count says how many suites did not run (a
 * skipped suite alone is not counted there).
 */
export function forEachDatabase(title: string, suite: (db: TestDatabase) => void): void {
  for (const db of testDatabases) describe(`${title} [${db.name}]`, () => suite(db));
  if (!TEST_DATABASE_URL) skippedSuite(`${title} [postgres]`);
}

/** A suite that needs PostgreSQL itself (several instances, SKIP LOCKED): skipped, and counted, without it. */
export function postgresSuite(title: string, suite: (url: string) => void): void {
  if (TEST_DATABASE_URL) describe(title, () => suite(TEST_DATABASE_URL!));
  else skippedSuite(title);
}

const skippedSuite = (title: string) => describe(title, () => test('every test of this suite', { skip: SKIP_REASON }, () => {}));
