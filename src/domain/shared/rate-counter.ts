import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { countHit, pruneCounters } from './throttle.repository.js';

/** Counts requests per key and window in the database, so a limit is one limit however many instances serve. */
export interface RateCounter {
  /** Counts one hit for `key` (an address is hashed before it is stored); returns the window's count so far and the time left in it. */
  hit(key: string, windowMs: number): Promise<{ count: number; remainingMs: number }>;
}

/** Counters are pruned once in this many hits, when their windows are a day old. */
const PRUNE_EVERY = 1000;
const PREFIX = 'rate:';

/**
 * Request limits (searches, API calls, sign-up posts) kept beside the sign-in throttle: one
 * upsert per counted request. Keys hold a keyed hash (`hash`), never an address.
 */
export function createRateCounter(deps: { db: Executor; clock: Clock; hash: (value: string) => Promise<string> }): RateCounter {
  let hits = 0;
  return {
    async hit(key, windowMs) {
      const now = deps.clock.now().getTime();
      const counted = await countHit(
        deps.db,
        PREFIX + (await deps.hash(key)),
        new Date(now).toISOString(),
        new Date(now - windowMs).toISOString(),
      );
      if (++hits % PRUNE_EVERY === 0) await pruneCounters(deps.db, PREFIX, new Date(now - 86_400_000).toISOString());
      return { count: counted.hits, remainingMs: Math.max(0, Date.parse(counted.windowStartedAt) + windowMs - now) };
    },
  };
}
