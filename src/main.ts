import { mkdir } from 'node:fs/promises';
import pino from 'pino';
import { buildApp } from './app.js';
import { boot } from './boot.js';
import { pendingMigrations } from './db/migrator.js';
import { loadConfig } from './config.js';
import { loadDemo, shouldLoadDemo } from './demo.js';
import { upgradeMediaLayout } from './domain/media/index.js';
import { cacheBudget } from './kernel/cache-budget.js';
import { createAppLogger } from './kernel/app-logger.js';

/** How long a shutdown may take before the process exits regardless. */
const SHUTDOWN_GRACE_MS = 8000;

/** Process entry: config → boot (database, migrate, services) → (demo) → app → listen; closes cleanly. */
async function main() {
  const config = loadConfig();
  // A person at a terminal reads lines; anything else (a service manager, a log shipper) gets JSON.
  const log = process.stdout.isTTY
    ? createAppLogger(
        config.logLevel,
        pino.transport({ target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } }),
      )
    : createAppLogger(config.logLevel);
  const { handle, services, applied, redispatched, runner, close: closeDatabase } = await boot(config, { log });
  if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
  if (redispatched > 0) log.info({ events: redispatched }, 'dispatched events left behind by an earlier process');

  await mkdir(config.mediaDir, { recursive: true });
  const moved = await upgradeMediaLayout(config.mediaDir);
  if (moved > 0) log.info({ files: moved }, 'moved pictures into the served media folder');
  if (config.demo && (await shouldLoadDemo(services))) {
    const count = await loadDemo(services);
    // The demo's pictures are sized before the first reader arrives, so its first page is whole.
    const jobs = await runner.runDue();
    log.info({ articles: count, jobs }, 'demo outlet loaded into the empty database');
  }

  const app = await buildApp({
    services,
    database: handle,
    siteUrl: config.siteUrl,
    mediaDir: config.mediaDir,
    trustProxy: config.trustProxy,
    apiCorsOrigins: config.apiCorsOrigins,
    logger: log,
    logRequests: config.logRequests,
    bounceIntakeToken: config.bounceIntakeToken,
    metricsToken: config.metricsToken,
    pageCacheBytes: cacheBudget(config.cacheMb).pages,
    pendingMigrations: () => pendingMigrations(handle),
  });
  await app.listen({ port: config.port, host: config.host });
  log.info(`Despatch is serving ${config.siteUrl}`);
  // Due jobs first: a publication that fell due while the process was down runs now.
  runner.start();
  // Newsletter issues being sent (a send a restart interrupted resumes here).
  services.newsletterSender.start();

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    // A request or job that hangs must not keep the process from stopping: after the grace
    // period it exits anyway (under the 10 s a container manager waits before SIGKILL).
    setTimeout(() => {
      log.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown took too long; exiting with work unfinished');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    // Stops accepting, closes idle keep-alive connections, waits for requests in progress.
    await app.close();
    await closeDatabase(); // stops the job runner and the newsletter sender, letting the work in hand finish
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
}

main().catch((err) => {
  // Configuration and migration errors are the usual causes; print them plainly.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
