import type { Clock } from './clock.js';

/** A value loaded on demand and kept until cleared (or for `ttlMs`); a failed load is not kept. */
export interface CachedValue<T> {
  get(): Promise<T>;
  /** Forget the value: the next get() loads it again. */
  clear(): void;
}

/**
 * Keeps a slow-changing value (site settings, the section list) in memory until a change
 * clears it: its owner clears it on every change, this process's or another's (the change
 * feed relays those), so it needs no time limit unless it depends on the clock.
 */
export function cachedValue<T>(load: () => Promise<T>, clock: Clock, ttlMs = Number.POSITIVE_INFINITY): CachedValue<T> {
  const now = () => clock.now().getTime();
  let value: Promise<T> | null = null;
  let expiresAt = 0;
  return {
    get() {
      if (value === null || now() >= expiresAt) {
        expiresAt = now() + ttlMs;
        const loading = load();
        value = loading;
        loading.catch(() => {
          if (value === loading) value = null;
        });
      }
      return value;
    },
    clear() {
      value = null;
    },
  };
}
