import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { resolve } from 'node:path';
import type { Services } from './services.js';
import { registerAssets } from './web/assets.js';
import errors from './web/plugins/errors.js';
import pageCache from './web/plugins/page-cache.js';
import securityHeaders from './web/plugins/security-headers.js';
import sameOrigin from './web/plugins/same-origin.js';
import { sendPage } from './web/render.js';
import { articleRoutes } from './web/reader/article.routes.js';
import { homeRoutes } from './web/reader/home.routes.js';
import { listingRoutes } from './web/reader/listing.routes.js';
import { newsletterRoutes } from './web/reader/newsletter.routes.js';
import { loadChrome, type ReaderDeps } from './web/reader/reader-context.js';
import { StatusPage } from './web/reader/status.page.js';

export interface AppDeps {
  services: Services;
  siteUrl: string;
  mediaDir: string;
  /** Believe X-Forwarded-* headers: only behind a proxy that sets them, or clients could pick their own IP. */
  trustProxy?: boolean;
  /** False renders every page afresh (benchmarks); the default keeps rendered pages in memory. */
  pageCache?: boolean;
  /** A pino logger; none in tests. */
  logger?: FastifyBaseLogger;
}

/** Builds the HTTP app: plugins first, then each surface, in a fixed order. Never listens. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    trustProxy: deps.trustProxy ?? false,
    bodyLimit: 64 * 1024,
    // Access logs belong to the proxy in front; a log line per request costs more than a cached page. Errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
  });

  await app.register(securityHeaders);
  await app.register(rateLimit, { global: false });
  await app.register(formbody);
  await app.register(sameOrigin, { siteUrl: deps.siteUrl });
  await app.register(pageCache, { events: deps.services.events, clock: deps.services.clock, store: deps.pageCache ?? true });

  const { stylesheet } = registerAssets(app);
  const reader: ReaderDeps = { services: deps.services, siteUrl: deps.siteUrl, stylesheet };

  await app.register(errors, {
    findRedirect: (path) => deps.services.articleReader.findRedirect(path),
    renderPage: async (_request, reply, status, title, message) => {
      const chrome = await loadChrome(reader);
      return sendPage(reply, StatusPage({ chrome, status, title, message }), status);
    },
  });

  await app.register(fastifyStatic, {
    root: resolve(deps.mediaDir),
    prefix: '/media/',
    maxAge: '7d',
    decorateReply: false,
  });

  await app.register(homeRoutes, reader);
  await app.register(newsletterRoutes, reader);
  await app.register(listingRoutes, reader);
  await app.register(articleRoutes, reader);
  return app;
}
