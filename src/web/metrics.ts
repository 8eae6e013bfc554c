import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { systemActor } from '../domain/access/index.js';
import { AppError } from '../kernel/errors.js';
import { hashSecret, sameSecret } from '../kernel/secrets.js';
import type { Services } from '../services.js';
import type { PageCacheStats } from './plugins/page-cache.js';

export interface MetricsOptions {
  services: Services;
  /** The bearer token a scraper presents (METRICS_TOKEN); null: no metrics are kept and `/metrics` answers 404. */
  token: string | null;
  cache: PageCacheStats;
}

/**
 * Prometheus metrics at `/metrics` (prom-client), off unless METRICS_TOKEN is set, then only
 * for `Authorization: Bearer METRICS_TOKEN`: request latency by route, the page cache's hits,
 * misses and size, the job queue's depth and age, newsletter sends in progress, and the
 * process's own (memory, CPU, event loop delay). Cache hits answered before routing take no
 * time worth a histogram; they are counted by the cache's own counters.
 */
async function metrics(app: FastifyInstance, opts: MetricsOptions) {
  if (!opts.token) return;
  // prom-client is loaded only where metrics are on.
  const { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } = await import('prom-client');
  const expected = hashSecret(opts.token);
  const { services, cache } = opts;
  // A registry of its own: apps built side by side (tests) never share counters.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'despatch_' });

  const latency = new Histogram({
    name: 'despatch_http_request_duration_seconds',
    help: 'Time to answer a request, by route pattern, method and status (cache hits answered before routing are not here).',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', (request, reply, done) => {
    latency.observe(
      { route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  const counterOf = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  counterOf('despatch_page_cache_hits_total', 'Pages and feeds answered from the page cache.', () => cache.hits);
  counterOf(
    'despatch_page_cache_misses_total',
    'Cacheable pages and feeds rendered because the cache did not hold them.',
    () => cache.misses,
  );
  counterOf('despatch_page_cache_purged_total', 'Cached pages dropped because what they show changed.', () => cache.purged);
  counterOf(
    'despatch_page_cache_compressed_total',
    'Cached pages given their best brotli and gzip forms (once each, when asked for a second time).',
    () => cache.compressed,
  );
  const gaugeOf = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gaugeOf('despatch_page_cache_hit_ratio', 'Hits over hits and misses since the process started.', () => {
    const total = cache.hits + cache.misses;
    return total === 0 ? 0 : cache.hits / total;
  });
  gaugeOf('despatch_page_cache_entries', 'Pages and feeds held.', cache.pages);
  gaugeOf('despatch_page_cache_bytes', 'Bytes held, all compressed forms included.', cache.bytes);

  const jobs = new Gauge({
    name: 'despatch_jobs',
    help: 'Pending jobs: due and waiting for a worker, held by one, or due later.',
    labelNames: ['state'],
    registers: [registry],
  });
  const jobAge = new Gauge({
    name: 'despatch_jobs_oldest_due_age_seconds',
    help: 'How long the oldest due job has waited for a worker (0 when none waits).',
    registers: [registry],
  });
  const recipients = new Gauge({
    name: 'despatch_newsletter_recipients',
    help: 'Recipients of each newsletter issue being sent, by state (queued, handing, sent, failed, bounced, in_doubt, dropped).',
    labelNames: ['issue', 'state'],
    registers: [registry],
  });
  const actor = systemActor('metrics');

  /** Reads what lives in the database, once per scrape. */
  async function readDatabase() {
    const now = services.clock.now();
    const depth = await services.jobs.depth(now.toISOString());
    jobs.set({ state: 'due' }, depth.due);
    jobs.set({ state: 'running' }, depth.running);
    jobs.set({ state: 'later' }, depth.later);
    jobAge.set(depth.oldestDueAt ? Math.max(0, (now.getTime() - Date.parse(depth.oldestDueAt)) / 1000) : 0);
    recipients.reset();
    for (const issue of await services.issues.sendingProgress(actor))
      for (const [state, n] of Object.entries(issue.counts)) recipients.set({ issue: issue.id, state }, n);
  }

  async function authorise(request: FastifyRequest, reply: FastifyReply) {
    const presented = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!presented || !sameSecret(hashSecret(presented), expected)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new AppError('UNAUTHENTICATED', 'Send the metrics token (METRICS_TOKEN) as Authorization: Bearer TOKEN.');
    }
  }

  app.get('/metrics', { onRequest: authorise }, async (_request, reply) => {
    await readDatabase();
    reply.header('cache-control', 'no-store').type(registry.contentType);
    return registry.metrics();
  });
}

/** App-wide (fastify-plugin), so its latency hook sees every route. */
export default fp(metrics, { name: 'metrics' });
