import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RateCounter } from '../../domain/shared/index.js';

/**
 * `@fastify/rate-limit`'s store over the database's counters: its own store counts in each
 * process's memory, which multiplies every limit by the number of instances. Each route
 * counts apart (the route's method and URL prefix the key).
 */
export function databaseRateLimitStore(counter: RateCounter): FastifyRateLimitStoreCtor {
  class DatabaseStore implements FastifyRateLimitStore {
    constructor(private readonly prefix = '') {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      counter.hit(this.prefix + key, timeWindow).then(
        ({ count, remainingMs }) => callback(null, { current: count, ttl: remainingMs }),
        (err: Error) => callback(err),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The plugin passes the route as `routeInfo` (its typings say otherwise).
      const route = (routeOptions as unknown as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      return new DatabaseStore(`${String(route?.method ?? '')} ${String(route?.url ?? '')}|`);
    }
  }
  return DatabaseStore as unknown as FastifyRateLimitStoreCtor;
}
