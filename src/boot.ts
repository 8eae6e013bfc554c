import { defaultMailFrom, type Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { createChangeFeed } from './db/change-feed.js';
import { cacheBudget } from './kernel/cache-budget.js';
import { newId } from './kernel/ids.js';
import { systemClock, type Clock } from './kernel/clock.js';
import type { Logger } from './kernel/logger.js';
import { createJobQueue, createJobRunner, type JobRunner } from './jobs/index.js';
import { createFileMediaStore } from './domain/media/index.js';
import { createSearchIndex } from './domain/search/index.js';
import { createServices, type Services } from './services.js';
import { mailerFor, type Mailer } from './mail/index.js';
import type { SenderSettings } from './domain/newsletter/index.js';
import { dirname, join } from 'node:path';

/** A process's running core: the open database and the services over it. */
export interface Booted {
  handle: DatabaseHandle;
  services: Services;
  /** Migrations this start applied. */
  applied: string[];
  /** Events a process that died after a commit left behind, dispatched now. */
  redispatched: number;
  /** Runs due jobs (scheduled publications …); the server starts it, the CLI and tests call `runDue`. */
  runner: JobRunner;
  close(): Promise<void>;
}

/**
 * The one boot sequence, shared by the server, the CLI, the tests and the benchmark:
 * database → migrate → services → dispatch what a crash left in the outbox.
 */
export async function boot(
  config: Pick<Config, 'databaseUrl' | 'siteUrl' | 'mediaDir'> &
    Partial<
      Pick<
        Config,
        | 'webhooksAllowLoopback'
        | 'cdnPurgeUrl'
        | 'smtpUrl'
        | 'mailFrom'
        | 'mailOutboxDir'
        | 'dkim'
        | 'newsletterRate'
        | 'newsletterConnections'
        | 'newsletterLeaseMs'
        | 'cacheMb'
      >
    >,
  opts: { log: Logger; clock?: Clock; listen?: boolean },
): Promise<Booted> {
  return start(await openDatabase(config.databaseUrl, { log: opts.log, cacheBytes: cacheBudget(config.cacheMb).database }), {
    siteUrl: config.siteUrl,
    mediaDir: config.mediaDir,
    mail: { smtpUrl: config.smtpUrl ?? null, mailFrom: config.mailFrom, mailOutboxDir: config.mailOutboxDir, dkim: config.dkim ?? null },
    newsletterSender: {
      ...(config.newsletterRate ? { ratePerSecond: config.newsletterRate } : {}),
      ...(config.newsletterConnections ? { connections: config.newsletterConnections } : {}),
      ...(config.newsletterLeaseMs ? { leaseMs: config.newsletterLeaseMs } : {}),
    },
    webhooksAllowLoopback: config.webhooksAllowLoopback ?? false,
    cdnPurgeUrl: config.cdnPurgeUrl ?? null,
    ...(config.cacheMb ? { cacheMb: config.cacheMb } : {}),
    ...opts,
  });
}

/** The boot sequence on a database that is already open (tests open theirs in a schema of their own). */
export async function start(
  handle: DatabaseHandle,
  opts: {
    siteUrl: string;
    log: Logger;
    clock?: Clock;
    /** Where pictures are kept (MEDIA_DIR). */
    mediaDir: string;
    /** Webhooks may target loopback (WEBHOOKS_ALLOW_LOOPBACK): tests and local development only. */
    webhooksAllowLoopback?: boolean;
    /** Where to POST the surrogate keys a change made stale (CDN_PURGE_URL). */
    cdnPurgeUrl?: string | null;
    /** Mail settings (SMTP_URL, MAIL_FROM, MAIL_OUTBOX_DIR, DKIM_*); unset ones default to no server, From newsroom@ the site's host, an `outbox` folder beside the media folder, and no signing. */
    mail?: Partial<Pick<Config, 'smtpUrl' | 'mailFrom' | 'mailOutboxDir' | 'dkim'>>;
    /** A mailer of the caller's own (tests), in place of the one the settings make. */
    mailer?: Mailer;
    /** How the newsletter sender paces itself (NEWSLETTER_RATE, NEWSLETTER_CONNECTIONS; tests shorten its lease). */
    newsletterSender?: Partial<SenderSettings>;
    /** False: hear nothing of other processes' changes (a short command keeps nothing in memory). */
    listen?: boolean;
    /** Megabytes the caches may hold (CACHE_MB); the services take the read models' and bodies' shares. */
    cacheMb?: number;
  },
): Promise<Booted> {
  try {
    const applied = await migrateToLatest(handle);
    const clock = opts.clock ?? systemClock;
    const mailer =
      opts.mailer ??
      mailerFor({
        smtpUrl: opts.mail?.smtpUrl ?? null,
        mailFrom: opts.mail?.mailFrom ?? defaultMailFrom(opts.siteUrl),
        mailOutboxDir: opts.mail?.mailOutboxDir ?? join(dirname(opts.mediaDir), 'outbox'),
        dkim: opts.mail?.dkim ?? null,
        // One SMTP connection per sending lane, so a crash leaves at most one message in doubt on each.
        ...(opts.newsletterSender?.connections ? { newsletterConnections: opts.newsletterSender.connections } : {}),
      });
    const changes = createChangeFeed(handle, { origin: newId() });
    const services = createServices({
      dialect: handle.dialect,
      mailer,
      db: handle.db,
      jobs: createJobQueue(handle),
      media: createFileMediaStore(opts.mediaDir),
      clock,
      siteUrl: opts.siteUrl,
      log: opts.log,
      isUnavailable: handle.isUnavailable,
      webhooksAllowLoopback: opts.webhooksAllowLoopback ?? false,
      cdnPurgeUrl: opts.cdnPurgeUrl ?? null,
      searchIndex: createSearchIndex(handle),
      newsletterSender: opts.newsletterSender ?? {},
      changes,
      cacheBudget: cacheBudget(opts.cacheMb),
    });
    const redispatched = await services.outbox.dispatchPending();
    // A database from before search (or restored from a backup) gets its index now.
    await services.search.ensureBuilt();
    await services.related.ensureBuilt();
    const runner = createJobRunner({ queue: services.jobs, clock, log: opts.log, handlers: services.jobHandlers });
    // What another process writes (an import from the command line, another instance) shows
    // here within a second: what this process keeps in memory and that change made stale is
    // dropped as if it had made the change itself; after a gap in the news, everything is.
    const stopListening =
      opts.listen === false
        ? async () => {}
        : await changes.listen({
            onEvents: (events) => {
              void (async () => {
                for (const event of events) await services.changed.emit(event);
              })();
            },
            onLost: () => void services.changed.emit({ type: 'database.changed_elsewhere' }),
          });
    return {
      handle,
      services,
      applied,
      redispatched,
      runner,
      async close() {
        await stopListening();
        await runner.stop();
        await services.newsletterSender.stop();
        await mailer.close();
        await handle.close();
      },
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
