import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext as NodeTestContext } from 'node:test';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { TrustProxy } from '../../src/config.js';
import { start } from '../../src/boot.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { pendingMigrations } from '../../src/db/migrator.js';
import { loadDemo } from '../../src/demo.js';
import { fixedClock, type Clock } from '../../src/kernel/clock.js';
import { silentLogger, type Logger } from '../../src/kernel/logger.js';
import type { JobRunner } from '../../src/jobs/index.js';
import type { Services } from '../../src/services.js';
import type { SenderSettings } from '../../src/domain/newsletter/index.js';
import { createOutboxMailer, listOutbox, readOutboxFile, type Mailer } from '../../src/mail/index.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { TestDatabase } from './databases.js';
import { testDatabases } from './databases.js';

/** The site URL tests use; same-origin checks compare against it. */
export const TEST_SITE_URL = 'http://despatch.test';

/** The moment tests run at, unless they pass a clock of their own. */
export const TEST_NOW = '2026-11-27T12:00:00Z';

export interface TestContext {
  app: FastifyInstance;
  services: Services;
  handle: DatabaseHandle;
  /** Runs due jobs on demand (`runDue`); never started, so tests decide when jobs run. */
  runner: JobRunner;
  mediaDir: string;
  /** Where the app's mail goes, unless the test gave it a mailer of its own. */
  outboxDir: string;
  /** The messages in the outbox, oldest first, parsed. */
  sentMail(): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  database?: TestDatabase;
  /** Load the demo outlet (The Garrison Wire) first. */
  demo?: boolean;
  clock?: Clock;
  siteUrl?: string;
  log?: Logger;
  trustProxy?: TrustProxy;
  /** Origins allowed to call the content APIs from a browser (API_CORS_ORIGINS). */
  apiCorsOrigins?: string[] | '*';
  /** The bounce intake's bearer token (BOUNCE_INTAKE_TOKEN); unset, the intake answers 404. */
  bounceIntakeToken?: string;
  /** Webhooks may target loopback (a receiver in the test process). */
  webhooksAllowLoopback?: boolean;
  /** Where the CDN purge hook posts (CDN_PURGE_URL). */
  cdnPurgeUrl?: string;
  /** The HTTP app's pino logger (as main.ts makes it), and whether it logs every request (LOG_REQUESTS). */
  httpLogger?: FastifyBaseLogger;
  logRequests?: boolean;
  /** The bearer token `/metrics` is scraped with (METRICS_TOKEN). */
  metricsToken?: string;
  /** How the app sends mail; by default into an outbox folder of the test's own (`outboxDir`). */
  mailer?: Mailer;
  /** The newsletter sender's settings (a short lease, a high rate). Tests send as fast as the server takes it by default. */
  newsletterSender?: Partial<SenderSettings>;
}

/** The real app on a fresh migrated database, booted as `main.ts` boots it, optionally with the demo outlet. */
export async function createTestContext(opts: TestAppOptions = {}): Promise<TestContext> {
  const database = opts.database ?? testDatabases[0]!;
  const siteUrl = opts.siteUrl ?? TEST_SITE_URL;
  const root = await mkdtemp(join(tmpdir(), 'despatch-test-'));
  const mediaDir = join(root, 'media');
  await mkdir(mediaDir);
  const outboxDir = join(root, 'outbox');
  const { handle, services, runner } = await start(await database.open(), {
    mediaDir,
    mailer: opts.mailer ?? createOutboxMailer({ dir: outboxDir, from: 'The Garrison Wire <newsroom@despatch.test>' }),
    siteUrl,
    log: opts.log ?? silentLogger,
    clock: opts.clock ?? fixedClock(TEST_NOW),
    webhooksAllowLoopback: opts.webhooksAllowLoopback ?? false,
    cdnPurgeUrl: opts.cdnPurgeUrl ?? null,
    newsletterSender: { ratePerSecond: 100_000, ...opts.newsletterSender },
  });
  if (opts.demo) await loadDemo(services);
  const app = await buildApp({
    services,
    database: handle,
    siteUrl,
    mediaDir,
    ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
    ...(opts.apiCorsOrigins !== undefined ? { apiCorsOrigins: opts.apiCorsOrigins } : {}),
    ...(opts.bounceIntakeToken !== undefined ? { bounceIntakeToken: opts.bounceIntakeToken } : {}),
    ...(opts.httpLogger ? { logger: opts.httpLogger } : {}),
    ...(opts.logRequests !== undefined ? { logRequests: opts.logRequests } : {}),
    ...(opts.metricsToken !== undefined ? { metricsToken: opts.metricsToken } : {}),
    pendingMigrations: () => pendingMigrations(handle),
  });
  await app.ready();
  return {
    app,
    services,
    handle,
    runner,
    mediaDir,
    outboxDir,
    async sentMail() {
      const files = (await listOutbox(outboxDir, 1000)).reverse();
      return Promise.all(files.map(async (f) => simpleParser((await readOutboxFile(outboxDir, f.name))!)));
    },
    async close() {
      await app.close();
      await handle.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A fresh app for one test, closed when the test ends: the test arranges everything it needs. */
export async function buildTestApp(t: NodeTestContext, opts: TestAppOptions = {}): Promise<TestContext> {
  const ctx = await createTestContext(opts);
  t.after(() => ctx.close());
  return ctx;
}

/** Headers a browser sends with a same-site form post. */
export const formHeaders = { 'content-type': 'application/x-www-form-urlencoded', origin: TEST_SITE_URL };
