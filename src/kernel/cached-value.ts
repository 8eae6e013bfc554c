import type { Clock } from './clock.js';

/** A value loaded on demand and kept for `ttlMs`; a failed load is not kept. */
export interface CachedValue<T> {
  get(): Promise<T>;
  /** Forget the value: the next get() loads it again. */
  clear(): void;
}

/**
 * Keeps a slow-changing value (site settings, the section list) in memory. The time limit
 * bounds how long a change made by another process (the CLI, another instance) goes unseen.
 */
export function cachedValue<T>(load: () => Promise<T>, clock: Clock, ttlMs = 60_000): CachedValue<T> {
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
