import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import type * as App from '../src/app.js';
import type * as Boot from '../src/boot.js';
import type { TrustProxy } from '../src/config.js';
import type * as Logger from '../src/kernel/logger.js';
import { serveChild } from './child.js';

export interface AppServerSetup {
  databaseUrl: string;
  mediaDir: string;
  siteUrl: string;
  /** A pino level as in src/main.ts (output discarded), or null for no logger as in the tests. */
  logLevel: string | null;
  /** False: every request renders the page (the page cache stores nothing). */
  pageCache: boolean;
  /** TRUST_PROXY as src/main.ts passes it; unset, none (no proxy in front). */
  trustProxy?: TrustProxy;
}

/**
 * The server as `npm start` runs it: the compiled modules in dist/ (`npm run build`), not the
 * sources under a loader, which would add its own thread and tens of MB to every figure. The
 * runner starts its children in the repository's root (bench/servers.ts).
 */
const dist = pathToFileURL(join(process.cwd(), 'dist') + '/');
const compiled = <Module>(path: string) => import(new URL(path, dist).href) as Promise<Module>;

/** Child process: the real app, composed as src/main.ts does, on a database the runner prepared. */
serveChild<AppServerSetup>(async (setup) => {
  const [{ buildApp }, { boot }, { silentLogger }] = await Promise.all([
    compiled<typeof App>('app.js'),
    compiled<typeof Boot>('boot.js'),
    compiled<typeof Logger>('kernel/logger.js'),
  ]);
  // Log lines go to /dev/null: the bench counts what producing them costs, not a terminal's speed.
  const logger = setup.logLevel ? pino({ level: setup.logLevel }, pino.destination('/dev/null')) : undefined;
  const { handle, services, close } = await boot(setup, { log: logger ?? silentLogger });
  const app = await buildApp({
    services,
    database: handle,
    siteUrl: setup.siteUrl,
    mediaDir: setup.mediaDir,
    pageCache: setup.pageCache,
    ...(setup.trustProxy !== undefined ? { trustProxy: setup.trustProxy } : {}),
    ...(logger ? { logger } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The app is not listening on a TCP port.');
  return {
    port: address.port,
    async close() {
      await app.close();
      await close();
    },
    // Read between runs: a run of cached pages that missed the cache measured rendering instead.
    stats: () => ({
      pageCacheHits: app.pageCacheStats.hits,
      pageCacheMisses: app.pageCacheStats.misses,
      pageCachePages: app.pageCacheStats.pages(),
      pageCacheBytes: app.pageCacheStats.bytes(),
      ...process.memoryUsage(),
    }),
  };
});
