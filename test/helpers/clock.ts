import type { Clock } from '../../src/kernel/clock.js';

/** A clock a test moves by hand: "a minute later" without waiting a minute. */
export interface TestClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(iso: string): TestClock {
  let at = new Date(iso).getTime();
  return {
    now: () => new Date(at),
    set: (next) => void (at = new Date(next).getTime()),
    advance: (ms) => void (at += ms),
  };
}
