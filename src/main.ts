import { mkdir } from 'node:fs/promises';
import pino from 'pino';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { loadDemo, shouldLoadDemo } from './demo.js';
import { systemClock } from './kernel/clock.js';
import { createServices } from './services.js';

/** Process entry: config → database → migrate → services → (demo) → app → listen; closes cleanly. */
async function main() {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const handle = await openDatabase(config.databaseUrl);
  const applied = await migrateToLatest(handle.db);
  if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');

  const services = createServices({
    db: handle.db,
    clock: systemClock,
    siteUrl: config.siteUrl,
    logError: (err, context) => log.error({ err }, `${context} failed`),
  });
  await mkdir(config.mediaDir, { recursive: true });
  if (config.demo && (await shouldLoadDemo(services))) {
    const count = await loadDemo(services, config.mediaDir);
    log.info({ articles: count }, 'demo outlet loaded into the empty database');
  }

  const app = await buildApp({ services, siteUrl: config.siteUrl, mediaDir: config.mediaDir, trustProxy: config.trustProxy, logger: log });
  await app.listen({ port: config.port, host: config.host });
  log.info(`Despatch is serving ${config.siteUrl}`);

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    await handle.close();
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
