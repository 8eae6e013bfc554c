import { after, before } from 'node:test';
import { start } from '../../src/boot.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { silentLogger } from '../../src/kernel/logger.js';
import type { Services } from '../../src/services.js';
import { TEST_NOW } from './app.js';
import type { TestDatabase } from './databases.js';

/** What a suite's tests use: the open database and the services over it. */
export interface ServiceContext {
  handle: DatabaseHandle;
  services: Services;
}

/** Opens a fresh database with services for the enclosing suite, and closes it after. */
export function useServices(database: TestDatabase, siteUrl = 'https://example.org'): ServiceContext {
  const ctx = {} as ServiceContext;
  before(async () => {
    const booted = await start(await database.open(), { siteUrl, log: silentLogger, clock: fixedClock(TEST_NOW) });
    ctx.handle = booted.handle;
    ctx.services = booted.services;
  });
  after(() => ctx.handle.close());
  return ctx;
}
