import { createHash } from 'node:crypto';
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, sql, type Kysely } from 'kysely';
import type { MigratableDatabase } from './migrator.js';
import type { Database } from './schema.js';

/** A table of the schema and the primary key its rows are read in. */
export interface TableInfo {
  name: keyof Database & string;
  key: readonly string[];
}

const table = <T extends keyof Database & string>(name: T, ...key: Array<keyof Database[T] & string>): TableInfo & { name: T } => ({
  name,
  key,
});

/**
 * Checks at compile time that `list` names every table of `Database`: a table added to the
 * schema and not here fails to build, naming itself, so no copy or comparison leaves one out.
 */
function everyTable<const L extends readonly { name: keyof Database }[]>(
  list: L &
    ([Exclude<keyof Database, L[number]['name']>] extends [never] ? unknown : { missing: Exclude<keyof Database, L[number]['name']> }),
): L {
  return list;
}

/**
 * Every table of the schema, each after the tables its foreign keys point at, so inserting
 * them in this order never breaks a key (written out, as neither database can tell us without
 * SQL of its own). Kysely's migration tables and the search index's storage (FTS5 tables on
 * SQLite, tsvector documents on PostgreSQL) are not in `Database`.
 */
export const TABLES: readonly TableInfo[] = everyTable([
  table('staff_users', 'user_id'),
  table('staff_sessions', 'session_hash'),
  table('staff_tokens', 'token_hash'),
  table('staff_recovery_codes', 'user_id', 'code_hash'),
  table('media', 'media_id'),
  table('media_variants', 'media_id', 'format', 'width'),
  table('media_crops', 'media_id', 'crop', 'format', 'width'),
  table('sections', 'section_id'),
  table('topics', 'topic_id'),
  table('topic_aliases', 'alias_key'),
  table('authors', 'author_id'),
  table('series', 'series_id'),
  table('articles', 'article_id'),
  table('article_bodies', 'article_id'),
  table('article_authors', 'article_id', 'author_id'),
  table('article_topics', 'article_id', 'topic_id'),
  table('pull_quotes', 'pull_quote_id'),
  table('article_teasers', 'article_id', 'position'),
  table('article_revisions', 'revision_id'),
  table('article_notes', 'note_id'),
  table('article_locks', 'article_id'),
  table('preview_links', 'token_hash'),
  table('article_media', 'article_id', 'media_id', 'role'),
  table('related_articles', 'article_id', 'position'),
  table('redirects', 'from_path'),
  table('site_settings', 'key'),
  table('site_pages', 'slug'),
  table('channels', 'channel_id'),
  table('footer_links', 'footer_link_id'),
  table('site_keys', 'name'),
  table('subscribers', 'subscriber_id'),
  table('subscriber_sections', 'subscriber_id', 'section_id'),
  table('subscriber_topics', 'subscriber_id', 'topic_id'),
  table('subscriber_tokens', 'token_hash'),
  table('subscriber_consents', 'consent_id'),
  table('newsletter_suppressions', 'address_hash'),
  table('newsletter_issues', 'issue_id'),
  table('newsletter_recipients', 'issue_id', 'position'),
  table('newsletter_senders', 'sender_id'),
  table('newsletter_alert_items', 'subscriber_id', 'article_id'),
  table('event_outbox', 'event_id'),
  table('jobs', 'job_id'),
  table('auth_throttle', 'throttle_key'),
  table('audit_log', 'audit_id'),
  table('api_keys', 'key_id'),
  table('webhooks', 'webhook_id'),
  table('webhook_deliveries', 'delivery_id'),
  table('change_log', 'id'),
] as const);

/**
 * The tables that move between databases: all but SQLite's change log, which only SQLite
 * has (PostgreSQL sends the same news by NOTIFY) and which holds nothing a copy needs.
 */
export const PORTABLE_TABLES: readonly TableInfo[] = TABLES.filter((t) => t.name !== 'change_log');

/** Rows read (or written) at a time. */
export const BATCH_ROWS = 1000;

/** The names of the tables in the database's own schema (Kysely's migration tables included). */
export async function existingTables(database: MigratableDatabase): Promise<Set<string>> {
  const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
  // PostgreSQL lists every schema's tables; SQLite names none.
  return new Set(tables.filter((t) => !t.isView && (t.schema ?? database.migrationSchema) === database.migrationSchema).map((t) => t.name));
}

/** The names of the migrations the database has applied, in order; none when it was never migrated. */
export async function appliedMigrations(database: MigratableDatabase): Promise<string[]> {
  if (!(await existingTables(database)).has(DEFAULT_MIGRATION_TABLE)) return [];
  const rows = await (database.db as Kysely<any>).selectFrom(DEFAULT_MIGRATION_TABLE).select('name').orderBy('name').execute();
  return rows.map((r) => String(r.name));
}

/** Kysely's own tables, which record migrations rather than content. */
export const MIGRATION_TABLES: ReadonlySet<string> = new Set([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);

/** Rows in `name`. */
export async function countRows(db: Kysely<any>, name: string): Promise<number> {
  const row = await db
    .selectFrom(name)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  // PostgreSQL's count is a bigint, which pg returns as text.
  return Number(row.n);
}

/**
 * Every row of `table`, `batchRows` at a time in primary-key order. Each batch starts after
 * the previous one's last key (a keyset), so a large table is walked once, never re-skipped.
 */
export async function* readBatches(db: Kysely<any>, table: TableInfo, batchRows = BATCH_ROWS): AsyncGenerator<Record<string, unknown>[]> {
  let after: unknown[] | null = null;
  for (;;) {
    let query = db.selectFrom(table.name).selectAll();
    if (after) {
      const keys = table.key.map((k) => sql.ref(k));
      const values = after.map((v) => sql.val(v));
      // A row-value comparison: both databases compare it as the ORDER BY below sorts.
      query = query.where(sql<boolean>`(${sql.join(keys)}) > (${sql.join(values)})`);
    }
    for (const k of table.key) query = query.orderBy(sql.ref(k));
    const rows: Record<string, unknown>[] = await query.limit(batchRows).execute();
    if (rows.length) yield rows;
    if (rows.length < batchRows) return;
    const last = rows.at(-1)!;
    after = table.key.map((k) => last[k]);
  }
}

/** A table's contents, summarised: equal digests mean equal rows. */
export interface TableDigest {
  rows: number;
  /** 64 hex digits; see `tableDigest`. */
  checksum: string;
}

const MOD = 1n << 256n;

/**
 * A table's row count and a checksum of its rows, comparable across SQLite and PostgreSQL.
 * Each row is written out with its columns in name order and every value normalised (below),
 * hashed with SHA-256, and the hashes are added up modulo 2^256. The sum does not depend on the
 * order rows come in, so the databases' different ways of sorting text (bytes in SQLite, the
 * collation in PostgreSQL) cannot make equal tables differ, and the walk needs no memory.
 */
export async function tableDigest(db: Kysely<any>, table: TableInfo, batchRows = BATCH_ROWS): Promise<TableDigest> {
  let rows = 0;
  let sum = 0n;
  for await (const batch of readBatches(db, table, batchRows)) {
    for (const row of batch) {
      rows++;
      sum = (sum + BigInt(`0x${createHash('sha256').update(rowText(row)).digest('hex')}`)) % MOD;
    }
  }
  return { rows, checksum: sum.toString(16).padStart(64, '0') };
}

/**
 * Each table of `tables` that the database has, by name, with its digest (SQLite's change log
 * is left out on PostgreSQL, which has none).
 */
export async function tableDigests(database: MigratableDatabase, tables: readonly TableInfo[] = TABLES): Promise<Map<string, TableDigest>> {
  const present = await existingTables(database);
  const digests = new Map<string, TableDigest>();
  for (const t of tables) if (present.has(t.name)) digests.set(t.name, await tableDigest(database.db, t));
  return digests;
}

/** A row as text both databases produce alike: columns by name, values normalised. */
export function rowText(row: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(row)
      .sort()
      .map((column) => [column, normalise(row[column])]),
  );
}

/**
 * One value as both drivers would agree on it: null stays null; numbers, bigints and booleans
 * become decimal text, as pg returns a bigint (and a count) and SQLite a boolean (0 or 1);
 * bytes become hex. A fractional number is compared at single precision, which is all
 * PostgreSQL's `real` keeps (SQLite keeps a double). Timestamps are ISO text in both.
 */
function normalise(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(Number.isInteger(value) ? value : Math.fround(value));
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
