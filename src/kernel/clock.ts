/** The source of "now"; tests pass a fixed one so dates are repeatable. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at `iso` (tests, imports with a known date). */
export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  return { now: () => new Date(at) };
}

/** Timestamps are stored as ISO-8601 UTC text in both databases, so they sort as strings. */
export const toStoredTime = (d: Date): string => d.toISOString();
