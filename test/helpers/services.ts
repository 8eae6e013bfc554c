import { after, before } from 'node:test';
import type { DatabaseHandle } from '../../src/db/database.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { createServices, type Services } from '../../src/services.js';
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
    ctx.handle = await database.open();
    ctx.services = createServices({ db: ctx.handle.db, clock: fixedClock('2026-11-27T12:00:00Z'), siteUrl });
  });
  after(() => ctx.handle.close());
  return ctx;
}
