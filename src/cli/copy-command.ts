import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import {
  checkWritable,
  databaseUse,
  describeUse,
  isUnused,
  openTarget,
  OperationRefused,
  withConsistentView,
} from '../db/backup-archive.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest, migrations } from '../db/migrator.js';
import { appliedMigrations, PORTABLE_TABLES, readBatches, tableDigests, type TableInfo } from '../db/table-digest.js';
import { count, refused } from './backup-command.js';
import { UsageError, type CommandIo } from './io.js';

export const COPY_USAGE = `  copy --to URL           copy the outlet's database (DATABASE_URL) into another, empty one,
                          e.g. from SQLite to postgres://…, in one transaction, then compare
                          every table; the media folder stays where it is`;

/** Bound parameters per INSERT: under SQLite's limit (32,766) and PostgreSQL's (65,535). */
const MAX_PARAMETERS = 30_000;

/** `despatch copy --to URL`: moves the outlet to another database, verified table by table. */
export async function copyCommand(config: Config, args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { to: { type: 'string' } } });
  if (!values.to || positionals.length)
    throw new UsageError('copy needs --to URL, the database to copy into (postgres://… or sqlite:PATH).');
  if (!/^(postgres(ql)?:\/\/|sqlite:)/.test(values.to)) throw new UsageError('--to must be a postgres:// URL or sqlite:PATH.');
  try {
    return await copy(config.databaseUrl, values.to, io);
  } catch (err) {
    return refused(err, io);
  }
}

async function copy(sourceUrl: string, targetUrl: string, io: CommandIo): Promise<number> {
  const source = await openDatabase(sourceUrl);
  try {
    const target = await openTarget(targetUrl);
    try {
      // The copy never writes to the source, so the source must already be this build's schema.
      const applied = await appliedMigrations(source);
      const unknown = applied.find((name) => !Object.hasOwn(migrations, name));
      if (unknown)
        throw new OperationRefused(
          `The database was migrated by a newer version of Despatch (migration ${unknown} unknown); upgrade first.`,
        );
      const pending = Object.keys(migrations).filter((name) => !applied.includes(name));
      if (pending.length)
        throw new OperationRefused(
          `The database is not up to date (${count(pending.length, 'migration')} to apply): run \`despatch migrate\` first; nothing was copied.`,
        );
      checkWritable(target);
      const use = await databaseUse(target, { sessions: false });
      if (!isUnused(use))
        throw new OperationRefused(
          `The database --to names is not empty: it has ${describeUse(use)}. Copy only into a new, empty database; nothing was copied.`,
        );
      await migrateToLatest(target);

      const report = await withConsistentView(source, sourceUrl, async (view) => {
        try {
          await target.db.transaction().execute(async (trx) => {
            for (const table of PORTABLE_TABLES) await copyTable(view.db, trx, table);
          });
        } catch (err) {
          // The transaction rolled back, but the migrations before it stay: say so, as the next
          // copy would otherwise be refused without a word about why.
          throw new Error(
            `The copy failed and nothing was copied (${err instanceof Error ? err.message : String(err)}). The database --to names now has Despatch's tables and no content: empty it (drop its schema, or delete its file) before copying again.`,
            { cause: err },
          );
        }
        return { from: await tableDigests(view, PORTABLE_TABLES), to: await tableDigests(target, PORTABLE_TABLES) };
      });

      const differing: string[] = [];
      let rows = 0;
      for (const table of PORTABLE_TABLES) {
        const from = report.from.get(table.name);
        const to = report.to.get(table.name);
        if (from && to && from.rows === to.rows && from.checksum === to.checksum) {
          rows += from.rows;
          io.out.write(`${table.name} ${count(from.rows, 'row')}, verified\n`);
        } else {
          differing.push(table.name);
          io.out.write(
            `${table.name} DIFFERS: ${count(from?.rows ?? 0, 'row')} here, ${count(to?.rows ?? 0, 'row')} in the copy${from?.rows === to?.rows ? ', not the same content' : ''}\n`,
          );
        }
      }
      if (differing.length) {
        io.err.write(`The copy differs from the database in ${differing.join(', ')}: do not use it.\n`);
        return 1;
      }
      io.out.write(
        `Copied ${count(PORTABLE_TABLES.length, 'table')} (${count(rows, 'row')}) and verified each. The search index is built when Despatch first starts on the new database.\n`,
      );
      return 0;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** One table, `BATCH_ROWS` rows read at a time and written in as few INSERTs as the parameter limit allows. */
async function copyTable(from: Kysely<any>, to: Kysely<any>, table: TableInfo): Promise<void> {
  for await (const batch of readBatches(from, table)) {
    const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, Object.keys(batch[0]!).length)));
    for (let i = 0; i < batch.length; i += perInsert)
      await to
        .insertInto(table.name)
        .values(batch.slice(i, i + perInsert))
        .execute();
  }
}
