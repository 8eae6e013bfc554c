import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  /** The suite's own media folder, removed after it. */
  mediaDir: string;
}

/** Opens a fresh database with services for the enclosing suite, and closes it after. */
export function useServices(database: TestDatabase, opts: { clock?: Clock } = {}): ServiceContext {
  const ctx = {} as ServiceContext;
  before(async () => {
    ctx.mediaDir = await mkdtemp(join(tmpdir(), 'despatch-media-'));
    const booted = await start(await database.open(), {
      mediaDir: ctx.mediaDir,
      siteUrl: 'https://example.org',
      log: silentLogger,
      clock: opts.clock ?? fixedClock(TEST_NOW),
    });
    ctx.handle = booted.handle;
    ctx.services = booted.services;
    ctx.runner = booted.runner;
  });
  after(async () => {
    await ctx.handle.close();
    await rm(ctx.mediaDir, { recursive: true, force: true });
  });
  return ctx;
}
