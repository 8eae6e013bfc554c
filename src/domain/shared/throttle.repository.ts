import { sql } from 'kysely';
import type { Executor } from '../../db/schema.js';
import type { AuthThrottleTable } from './throttle.table.js';

/**
 * Counters of attempts (failed sign-ins, reset requests, newsletter sign-ups) in the database,
 * so a limit holds across instances and restarts. Keys say what is counted; a key that would
 * hold an address or a personal detail holds a keyed hash of it instead.
 */
export function findThrottle(ex: Executor, key: string): Promise<AuthThrottleTable | undefined> {
  return ex.selectFrom('auth_throttle').selectAll().where('throttle_key', '=', key).executeTakeFirst();
}

/**
 * Counts one failure against `key` in one statement, so concurrent failures from several
 * instances are all counted: a window older than `windowStartedBefore` starts afresh.
 */
export async function countFailure(ex: Executor, key: string, now: string, windowStartedBefore: string): Promise<void> {
  await countHit(ex, key, now, windowStartedBefore);
}

export async function clearThrottle(ex: Executor, key: string): Promise<void> {
  await ex.deleteFrom('auth_throttle').where('throttle_key', '=', key).execute();
}

/**
 * Counts one hit against `key` and returns the count and when its window began, in one
 * statement: concurrent hits on several instances are each counted once. A window that began
 * before `windowStartedBefore` starts afresh.
 */
export async function countHit(
  ex: Executor,
  key: string,
  now: string,
  windowStartedBefore: string,
): Promise<{ hits: number; windowStartedAt: string }> {
  const row = await ex
    .insertInto('auth_throttle')
    .values({ throttle_key: key, window_started_at: now, failures: 1 })
    .onConflict((oc) =>
      oc.column('throttle_key').doUpdateSet({
        failures: sql<number>`case when auth_throttle.window_started_at < ${windowStartedBefore} then 1 else auth_throttle.failures + 1 end`,
        window_started_at: sql<string>`case when auth_throttle.window_started_at < ${windowStartedBefore} then ${now} else auth_throttle.window_started_at end`,
      }),
    )
    .returning(['failures', 'window_started_at'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.failures), windowStartedAt: row.window_started_at };
}

/** Deletes counters under `prefix` whose window began before `before` (they would start afresh anyway). */
export async function pruneCounters(ex: Executor, prefix: string, before: string): Promise<void> {
  await ex.deleteFrom('auth_throttle').where('throttle_key', 'like', `${prefix}%`).where('window_started_at', '<', before).execute();
}
