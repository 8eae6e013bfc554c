import type { Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { systemClock, type Clock } from './kernel/clock.js';
import type { Logger } from './kernel/logger.js';
import { createServices, type Services } from './services.js';

/** A process's running core: the open database and the services over it. */
export interface Booted {
  handle: DatabaseHandle;
  services: Services;
  /** Migrations this start applied. */
  applied: string[];
  /** Events a process that died after a commit left behind, dispatched now. */
  redispatched: number;
  close(): Promise<void>;
}

/**
 * The one boot sequence, shared by the server, the CLI, the tests and the benchmark:
 * database → migrate → services → dispatch what a crash left in the outbox.
 */
export async function boot(config: Pick<Config, 'databaseUrl' | 'siteUrl'>, opts: { log: Logger; clock?: Clock }): Promise<Booted> {
  return start(await openDatabase(config.databaseUrl, { log: opts.log }), { siteUrl: config.siteUrl, ...opts });
}

/** The boot sequence on a database that is already open (tests open theirs in a schema of their own). */
export async function start(handle: DatabaseHandle, opts: { siteUrl: string; log: Logger; clock?: Clock }): Promise<Booted> {
  try {
    const applied = await migrateToLatest(handle);
    const services = createServices({
      db: handle.db,
      clock: opts.clock ?? systemClock,
      siteUrl: opts.siteUrl,
      log: opts.log,
      isUnavailable: handle.isUnavailable,
    });
    const redispatched = await services.outbox.dispatchPending();
    return { handle, services, applied, redispatched, close: () => handle.close() };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
