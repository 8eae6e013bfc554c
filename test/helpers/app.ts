import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { loadDemo } from '../../src/demo.js';
import { fixedClock, type Clock } from '../../src/kernel/clock.js';
import { createServices, type Services } from '../../src/services.js';
import type { TestDatabase } from './databases.js';
import { testDatabases } from './databases.js';

/** The site URL tests use; same-origin checks compare against it. */
export const TEST_SITE_URL = 'http://despatch.test';

export interface TestContext {
  app: FastifyInstance;
  services: Services;
  handle: DatabaseHandle;
  mediaDir: string;
  close(): Promise<void>;
}

/** The real app on a fresh migrated database, optionally with the demo outlet loaded. */
export async function createTestContext(
  opts: { database?: TestDatabase; demo?: boolean; clock?: Clock; siteUrl?: string } = {},
): Promise<TestContext> {
  const database = opts.database ?? testDatabases[0]!;
  const handle = await database.open();
  const mediaDir = await mkdtemp(join(tmpdir(), 'despatch-media-'));
  const siteUrl = opts.siteUrl ?? TEST_SITE_URL;
  const services = createServices({ db: handle.db, clock: opts.clock ?? fixedClock('2026-11-27T12:00:00Z'), siteUrl });
  if (opts.demo) await loadDemo(services, mediaDir);
  const app = await buildApp({ services, siteUrl, mediaDir });
  await app.ready();
  return {
    app,
    services,
    handle,
    mediaDir,
    async close() {
      await app.close();
      await handle.close();
      await rm(mediaDir, { recursive: true, force: true });
    },
  };
}

/** Headers a browser sends with a same-site form post. */
export const formHeaders = { 'content-type': 'application/x-www-form-urlencoded', origin: TEST_SITE_URL };
