import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import { CompiledQuery, Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, SqliteDriver, sql, type DatabaseConnection } from 'kysely';
import type { Client as PgClient } from 'pg';
import { silentLogger, type Logger } from '../kernel/logger.js';
import type { Database } from './schema.js';

/** An open database: the typed query builder, a health check and a way to close it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  /** Which database: the few parts whose SQL differs (the job queue) pick their implementation by it. */
  dialect: 'sqlite' | 'postgres';
  /** Resolves when the database answers a trivial query; rejects when it cannot be reached. */
  ping(): Promise<void>;
  /** True when an error means the database cannot be reached for now (answer 503, not 500). */
  isUnavailable(err: unknown): boolean;
  /** PostgreSQL: the schema this database's connections use (from `schema` or the URL's search_path). */
  migrationSchema?: string | undefined;
  /**
   * PostgreSQL: LISTENs on `channel` over a connection of its own, calling `onMessage` with each
   * notification's payload. When that connection drops it reconnects (backing off up to five
   * seconds) and, once listening again, calls `onLost`: notifications sent meanwhile are gone.
   * Resolves once listening; the returned function stops.
   */
  listen?(channel: string, onMessage: (payload: string) => void, onLost: () => void): Promise<() => Promise<void>>;
  /**
   * SQLite: writes a consistent copy of the whole database to the file `path` through SQLite's
   * online backup API, while other connections (a running server) go on reading and writing.
   */
  snapshotTo?(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL only: a schema to create and use (tests isolate themselves this way). */
  schema?: string;
  /** Where dropped connections are reported; they never take the process down. */
  log?: Logger;
  /** PostgreSQL: the name connections show in pg_stat_activity (default "despatch"). */
  applicationName?: string;
  /** SQLite: bytes of pages its own cache keeps (CACHE_MB's share); SQLite's build default (16 MB) otherwise. */
  cacheBytes?: number;
}

/** node-postgres, loaded only when a PostgreSQL database is opened: an SQLite site never needs it. */
const postgresDriver = async () => (await import('pg')).default;

/** Opens `sqlite:PATH` (`sqlite::memory:` for memory) or a `postgres://` URL. The only importer of a driver. */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length), options.cacheBytes);
  if (/^postgres(ql)?:\/\//.test(url))
    return openPostgres(url, options.schema, options.log ?? silentLogger, options.applicationName ?? 'despatch');
  throw new Error('DATABASE_URL must be a postgres:// URL or sqlite:PATH');
}

/** PostgreSQL SQLSTATE classes and Node socket codes that mean "the database cannot be reached now", not "the query is wrong". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'SQLITE_BUSY',
]);

/**
 * True when `err` says the database is unreachable or overloaded for now (a restart, a
 * failover, a dropped connection, a lock held too long): the request may be retried, so it
 * answers 503 rather than 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|database is locked/i.test(err.message);
}

const ping = (db: Kysely<Database>) => async () => {
  await sql`select 1`.execute(db);
};

function openSqlite(path: string, cacheBytes: number | undefined): DatabaseHandle {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(inMemory ? ':memory:' : path);
  // WAL lets readers carry on while a write commits; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // A negative size is in KiB (SQLite's own rule); whole KiB, at least one.
  if (cacheBytes !== undefined) sqlite.pragma(`cache_size = -${Math.max(1, Math.floor(cacheBytes / 1024))}`);
  const db = new Kysely<Database>({ dialect: new TransactionalDdlSqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    ping: ping(db),
    isUnavailable: isDatabaseUnavailable,
    async snapshotTo(path) {
      // A write by another connection between two steps restarts the copy, so a busy site
      // could keep it from ever finishing in small steps; in WAL mode one large step is one
      // read transaction, which never holds writers up.
      await sqlite.backup(path, { progress: () => SNAPSHOT_STEP_PAGES });
    },
    close: () => db.destroy(),
  };
}

/** Pages copied per step of a snapshot after the first (a million 4 KB pages: 4 GB). */
const SNAPSHOT_STEP_PAGES = 1_000_000;

/**
 * SQLite can roll back schema changes, but Kysely's adapter says it cannot, so its migrator
 * would leave a half-applied migration behind a failure. Saying so runs migrations in a
 * transaction, as on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * A deferred `BEGIN` reads first and asks for the write lock later; if another connection
 * committed in between, SQLite answers SQLITE_BUSY at once and the busy timeout never
 * applies. `BEGIN IMMEDIATE` takes the write lock at the start (waiting up to the busy
 * timeout for it), so two processes writing at once take turns instead of failing.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // Each attempt already waits up to the busy timeout; a writer holding the lock for longer
    // (a 5 MB import) gets a few more chances, with jitter so waiting processes do not wake
    // in step. Retrying BEGIN is always safe: nothing has been done yet.
    for (let attempt = 1; ; attempt++) {
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= BEGIN_ATTEMPTS) throw err;
        await sleep(50 + Math.random() * 200);
      }
    }
  }
}

/** How often a write transaction tries to take SQLite's write lock before giving up. */
const BEGIN_ATTEMPTS = 4;

class TransactionalDdlSqliteDialect extends SqliteDialect {
  constructor(private readonly options: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(options);
  }
  override createAdapter() {
    return new TransactionalDdlSqliteAdapter();
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.options);
  }
}

/**
 * Kysely prepares every statement anew; preparing costs more than running the small
 * indexed queries pages make. The same SQL text reuses its prepared statement.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        // Least recently used goes first: move a hit to the end.
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

async function openPostgres(url: string, schema: string | undefined, log: Logger, applicationName: string): Promise<DatabaseHandle> {
  const pg = await postgresDriver();
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Bad schema name: ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    application_name: applicationName,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client whose connection the server ends (a restart, a failover,
  // pg_terminate_backend) emits 'error' on the pool; unhandled, that event kills the
  // process. The pool drops the client and the next query opens a new connection.
  const dropped = (err: Error) => log.warn({ err }, 'a PostgreSQL connection was dropped; the next query reconnects');
  // The client's own listener below has logged it already.
  pool.on('error', () => {});
  // A client in use when its connection ends emits 'error' too, and the pool listens only to
  // idle ones: every client gets a listener of its own. Its query still fails (the request
  // answers 503); the pool discards the broken client on release.
  pool.on('connect', (client) => client.on('error', dropped));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Set<() => Promise<void>>();
  try {
    const { rows } = await pool.query<{ schema: string | null }>('select current_schema() as schema');
    const migrationSchema = rows[0]?.schema ?? undefined;
    return {
      db,
      dialect: 'postgres',
      ping: ping(db),
      isUnavailable: isDatabaseUnavailable,
      migrationSchema,
      async listen(channel, onMessage, onLost) {
        const stop = await listenPostgres(url, channel, onMessage, onLost, log, applicationName);
        listeners.add(stop);
        return async () => {
          listeners.delete(stop);
          await stop();
        };
      },
      // Listeners go with the pool, whoever forgot to stop them.
      async close() {
        await Promise.all([...listeners].map((stop) => stop()));
        await db.destroy();
      },
    };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

/**
 * One connection outside the pool, kept for LISTEN (a pooled connection would be handed to
 * queries and lose its LISTEN on release). Reconnects until stopped.
 */
async function listenPostgres(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  onLost: () => void,
  log: Logger,
  applicationName: string,
): Promise<() => Promise<void>> {
  let stopped = false;
  const pg = await postgresDriver();
  let client: PgClient | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    const next = new pg.Client({ connectionString: url, application_name: `${applicationName} listener` });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onMessage(message.payload);
    });
    // 'error' then 'end' (or 'end' alone): either way, one reconnect.
    let gone = false;
    const lost = (err?: Error) => {
      if (gone || stopped) return;
      gone = true;
      if (err) log.warn({ err }, 'the PostgreSQL change listener lost its connection; reconnecting');
      void next.end().catch(() => {});
      scheduleReconnect(250);
    };
    next.on('error', lost);
    next.on('end', () => lost());
    try {
      await next.connect();
      await next.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch (err) {
      gone = true; // the caller schedules the next attempt
      void next.end().catch(() => {});
      throw err;
    }
    client = next;
  };
  const scheduleReconnect = (delay: number) => {
    if (stopped) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(
        // Whatever was sent while no one listened is lost: the caller starts afresh.
        () => onLost(),
        (err) => {
          log.warn({ err }, 'the PostgreSQL change listener could not reconnect; trying again');
          scheduleReconnect(Math.min(delay * 2, 5000));
        },
      );
    }, delay);
    retry.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

/** Drops a PostgreSQL schema made with `openDatabase(url, { schema })` (test clean-up). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const pg = await postgresDriver();
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Bad schema name: ${schema}`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.end();
  }
}
