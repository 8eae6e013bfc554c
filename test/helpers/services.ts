import { after, before } from 'node:test';
import { start } from '../../src/boot.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { fixedClock, type Clock } from '../../src/kernel/clock.js';
import { silentLogger } from '../../src/kernel/logger.js';
import type { JobRunner } from '../../src/jobs/index.js';
import type { Services } from '../../src/services.js';
import { TEST_NOW } from './app.js';
import type { TestDatabase } from './databases.js';

/** What a suite's tests use: the open database and the services over it. */
export interface ServiceContext {
  handle: DatabaseHandle;
  services: Services;
  /** Runs due jobs on demand (`runDue`); never started, so tests decide when jobs run. */
  runner: JobRunner;
}

/** Opens a fresh database with services for the enclosing suite, and closes it after. */
export function useServices(database: TestDatabase, opts: { clock?: Clock } = {}): ServiceContext {
  const ctx = {} as ServiceContext;
  before(async () => {
    const booted = await start(await database.open(), {
      siteUrl: 'https://example.org',
      log: silentLogger,
      clock: opts.clock ?? fixedClock(TEST_NOW),
    });
    ctx.handle = booted.handle;
    ctx.services = booted.services;
    ctx.runner = booted.runner;
  });
  after(() => ctx.handle.close());
  return ctx;
}
