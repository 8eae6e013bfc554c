import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { nextUkMidnight } from './kernel/uk-time.js';
import type { TrustProxy } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import type { Services } from './services.js';
import { registerAssets } from './web/assets.js';
import errors, { answerFrameworkError } from './web/plugins/errors.js';
import { healthRoutes } from './web/health.routes.js';
import metrics from './web/metrics.js';
import { newsroom } from './web/newsroom/newsroom.plugin.js';
import { NewsroomStatusPage } from './web/newsroom/status.page.js';
import pageCache from './web/plugins/page-cache.js';
import { databaseRateLimitStore } from './web/plugins/rate-limit-store.js';
import { feedRoutes } from './web/feeds/feed.routes.js';
import { sitemapRoutes } from './web/sitemaps/sitemap.routes.js';
import { contentApiRoutes } from './web/api/content-api.routes.js';
import { bounceRoutes } from './web/api/bounces.routes.js';
import { ghostApiRoutes } from './web/ghost/ghost-api.routes.js';
import securityHeadersPlugin, { securityHeaders } from './web/plugins/security-headers.js';
import sameOrigin from './web/plugins/same-origin.js';
import { sendPage } from './web/render.js';
import { articleRoutes } from './web/reader/article.routes.js';
import { correctionsRoutes } from './web/reader/corrections.routes.js';
import { sitePageRoutes } from './web/reader/site-page.routes.js';
import { previewRoutes } from './web/reader/preview.routes.js';
import { homeRoutes } from './web/reader/home.routes.js';
import { listingRoutes } from './web/reader/listing.routes.js';
import { searchRoutes } from './web/reader/search.routes.js';
import { newsletterRoutes } from './web/reader/newsletter.routes.js';
import { fallbackChrome, loadChrome, type ReaderDeps } from './web/reader/reader-context.js';
import { StatusPage } from './web/reader/status.page.js';

export interface AppDeps {
  services: Services;
  siteUrl: string;
  mediaDir: string;
  /** The database's health: `/readyz` pings it, and unreachable-database errors answer 503. */
  database: Pick<DatabaseHandle, 'ping' | 'isUnavailable'>;
  /**
   * Which X-Forwarded-* hops to believe: a hop count or the proxies' addresses (CIDR). Never
   * "all", or any client could pick its own address. Unset: none (no proxy in front).
   */
  trustProxy?: TrustProxy;
  /** False renders every page afresh (benchmarks); the default keeps rendered pages in memory. */
  pageCache?: boolean;
  /** Most bytes of rendered pages kept (CACHE_MB's share); `cacheBudget()`'s default otherwise. */
  pageCacheBytes?: number;
  /** Origins whose pages may call the content APIs from a browser (API_CORS_ORIGINS); none by default. */
  apiCorsOrigins?: string[] | '*';
  /** The bearer token bounce reports are posted with (BOUNCE_INTAKE_TOKEN); unset, the intake answers 404. */
  bounceIntakeToken?: string | null;
  /** The migrations the database has not run (`db/migrator.ts`); `/readyz` answers 503 while there are any. */
  pendingMigrations?: () => Promise<string[]>;
  /** The bearer token `/metrics` is scraped with (METRICS_TOKEN); unset, there are no metrics. */
  metricsToken?: string | null;
  /** A pino logger; none in tests. */
  logger?: FastifyBaseLogger;
  /** A log line per request (LOG_REQUESTS); off by default. */
  logRequests?: boolean;
}

/**
 * Fastify's setting for a TrustProxy. A hop count becomes proxy-addr's own rule ("the i-th
 * hop from us is a proxy while i < n"), written out because the typings lack the number form.
 */
function proxyTrust(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/** Builds the HTTP app: plugins first, then each surface, in a fixed order. Never listens. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // The router's own failures are answered by the errors plugin, registered below.
  let onFrameworkError = (_error: FastifyError, _request: FastifyRequest, reply: FastifyReply): unknown => reply.code(400).send();
  // A cached page is answered before Fastify routes the request (set once the cache is registered).
  let answerFromCache: ((req: IncomingMessage, res: ServerResponse) => boolean) | null = null;
  const app = Fastify({
    serverFactory: (handler, fastifyOptions) => {
      const options = fastifyOptions as { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number };
      const server = createServer((req, res) => {
        if (answerFromCache?.(req, res)) return;
        handler(req, res);
      });
      // What Fastify sets on a server it makes itself.
      server.keepAliveTimeout = options.keepAliveTimeout ?? 72_000;
      server.requestTimeout = options.requestTimeout ?? 0;
      server.setTimeout(options.connectionTimeout ?? 0);
      return server;
    },
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    trustProxy: proxyTrust(deps.trustProxy ?? false),
    frameworkErrors: (error, request, reply) => onFrameworkError(error, request as FastifyRequest, reply as FastifyReply),
    bodyLimit: 64 * 1024,
    // Access logs belong to the proxy in front; a log line per request costs more than a cached
    // page. Errors are logged. LOG_REQUESTS turns them on (addresses' secrets redacted by the logger).
    logController: new LogController({ disableRequestLogging: !deps.logRequests }),
  });

  onFrameworkError = (error, request, reply) => answerFrameworkError(app, error, request, reply);

  await app.register(securityHeadersPlugin);
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(deps.services.rateCounter) });
  await app.register(formbody);
  await app.register(sameOrigin, { siteUrl: deps.siteUrl });
  await app.register(pageCache, {
    changed: deps.services.changed,
    staleKeys: deps.services.staleKeys,
    clock: deps.services.clock,
    store: deps.pageCache ?? true,
    ...(deps.pageCacheBytes ? { maxBytes: deps.pageCacheBytes } : {}),
    // Cards say "Today, 09:30" for today's stories: at midnight they must say the date.
    expiresAt: nextUkMidnight,
    baseHeaders: securityHeaders(),
  });
  // With request logging on, every request goes through Fastify, which logs it.
  if (!deps.logRequests) answerFromCache = app.pageCacheFastPath;
  await app.register(metrics, { services: deps.services, token: deps.metricsToken ?? null, cache: app.pageCacheStats });

  const { stylesheet, newsroomStylesheet, editorScript, headlineFont } = registerAssets(app);
  const reader: ReaderDeps = { services: deps.services, siteUrl: deps.siteUrl, stylesheet, headlineFont };
  const stylesheets = [stylesheet, newsroomStylesheet];

  await app.register(errors, {
    findRedirect: (path) => deps.services.articleReader.findRedirect(path),
    isUnavailable: deps.database.isUnavailable,
    headers: securityHeaders(),
    renderPage: async (request, reply, status, title, message) => {
      if (request.url.startsWith('/newsroom')) {
        reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
        const outletName = await deps.services.site.getSite().then(
          (s) => s.outletName,
          () => new URL(deps.siteUrl).hostname,
        );
        const session = request.staffSession ?? null;
        const chrome = { outletName, stylesheets, actor: session?.actor ?? null, csrfToken: session?.csrfToken ?? null };
        return sendPage(reply, NewsroomStatusPage({ chrome, status, title, message }), status);
      }
      // An error page must not fail in turn when the database is what failed.
      const chrome = await loadChrome(reader).catch(() => fallbackChrome(reader));
      return sendPage(reply, StatusPage({ chrome, status, title, message }), status);
    },
  });

  // Only MEDIA_DIR/public is served: every file there was encoded by Despatch (uploads are kept
  // apart, never served). An image's sizes are named by its content, so they never change.
  await app.register(fastifyStatic, {
    root: resolve(deps.mediaDir, 'public'),
    prefix: '/media/',
    maxAge: '7d',
    decorateReply: false,
    setHeaders(reply, path) {
      if (/[\\/]i[\\/][0-9a-f]{2}[\\/][0-9a-f]{64}[\\/]/.test(path)) reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });

  await app.register(healthRoutes, { ping: deps.database.ping, pendingMigrations: deps.pendingMigrations });
  await app.register(newsroom, { services: deps.services, siteUrl: deps.siteUrl, stylesheets, editorScript });
  await app.register(homeRoutes, reader);
  await app.register(newsletterRoutes, reader);
  await app.register(correctionsRoutes, reader);
  await app.register(sitePageRoutes, reader);
  await app.register(previewRoutes, reader);
  await app.register(searchRoutes, reader);
  await app.register(listingRoutes, reader);
  await app.register(articleRoutes, reader);
  await app.register(feedRoutes, reader);
  await app.register(sitemapRoutes, reader);
  // Encapsulated: its key check and no-store header apply to its own routes only.
  await app.register(contentApiRoutes, { ...reader, corsOrigins: deps.apiCorsOrigins ?? [] });
  await app.register(ghostApiRoutes, { ...reader, corsOrigins: deps.apiCorsOrigins ?? [] });
  await app.register(bounceRoutes, { services: deps.services, token: deps.bounceIntakeToken ?? null });
  return app;
}
