import { randomUUID } from 'node:crypto';

/** App-made primary keys: random, so neither database has to hand them out. */
export const newId = (): string => randomUUID();

let lastMs = 0;
let sequence = 0;

/**
 * An id that sorts by creation within this process (even within one millisecond, and
 * whatever clock a test injects) and is still unique across processes: the wall-clock
 * milliseconds, a per-millisecond counter, then randomness. For append-only logs.
 */
export function newSortableId(): string {
  const ms = Math.max(Date.now(), lastMs);
  sequence = ms === lastMs ? sequence + 1 : 0;
  lastMs = ms;
  return `${ms.toString(16).padStart(12, '0')}-${sequence.toString(16).padStart(6, '0')}-${randomUUID().slice(0, 13)}`;
}
