import { createRequire } from 'node:module';
import { lazy } from '../../kernel/lazy.js';
import { AppError } from '../../kernel/errors.js';

/**
 * The one place the hashing parameters live: argon2id with OWASP's recommended minimum
 * (19 MiB, two passes, one lane). A stored hash made with other parameters is rehashed at
 * the next successful sign-in.
 */
// `algorithm: 2` is Algorithm.Argon2id, a const enum the compiler cannot read across packages.
export const ARGON2 = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Shorter passwords are refused; no composition rules (NIST SP 800-63B, ASVS 2.1). */
export const MIN_PASSWORD_LENGTH = 12;
/** Longer ones too: hashing megabytes would be a way to tie up the server. */
export const MAX_PASSWORD_LENGTH = 256;

/** About 49,000 common and breached passwords, lower-cased. */
const requireModule = createRequire(import.meta.url);
// Loaded when a password is first checked or hashed: the reader site never needs them.
const argon2 = lazy(() => requireModule('@node-rs/argon2') as typeof import('@node-rs/argon2'));
const COMMON = lazy(
  () =>
    new Set<string>(
      (
        (requireModule('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common')).dictionary[
          'passwords-common'
        ] as string[]
      ).map((p) => p.toLowerCase()),
    ),
);

/** Refuses a new password that is too short, too long, common, or made of the person's own name or address. */
export function assertStrongPassword(password: string, person: { email: string; name: string }): void {
  const weak = (message: string) => new AppError('PASSWORD_WEAK', message, { password: message });
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw weak(`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words make a good one.`);
  if (password.length > MAX_PASSWORD_LENGTH) throw weak(`A password may be at most ${MAX_PASSWORD_LENGTH} characters.`);
  const lower = password.toLowerCase();
  const folded = lower.replace(/[^\p{L}\p{N}]/gu, '');
  // A common password with digits added ("password123456", "2024dragon") is as guessable as the word.
  const stem = folded.replace(/^\d+|\d+$/g, '');
  if (
    COMMON().has(lower) ||
    COMMON().has(folded) ||
    (stem.length >= 4 && COMMON().has(stem)) ||
    /^(.)\1+$/u.test(password) ||
    /^(?:0123456789|1234567890|abcdefghij)/.test(lower)
  )
    throw weak('That password is one of the most common ones, so it would be guessed quickly. Please choose another.');
  const own = [person.email.toLowerCase(), person.email.split('@')[0]!.toLowerCase(), ...person.name.toLowerCase().split(/\s+/)];
  if (own.some((part) => part.length >= 4 && folded.includes(part.replace(/[^\p{L}\p{N}]/gu, '')) && folded.length - part.length < 6))
    throw weak('That password is mostly your name or email address. Please choose another.');
}

/**
 * At most this many hashes run at once, each on libuv's thread pool. A flood of sign-in
 * attempts then queues here instead of taking every thread the reader site needs (files,
 * compression); past the queue's length, attempts are turned away with SIGN_IN_BUSY.
 */
const MAX_CONCURRENT_HASHES = 2;
const MAX_QUEUED_HASHES = 64;
let running = 0;
const queue: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) {
    if (queue.length >= MAX_QUEUED_HASHES)
      throw new AppError('SIGN_IN_BUSY', 'Too many people are signing in at once. Please try again in a moment.');
    await new Promise<void>((resolve) => queue.push(resolve));
  }
  running++;
  try {
    return await work();
  } finally {
    running--;
    queue.shift()?.();
  }
}

/** An argon2id hash of `password` with the current parameters. */
export const hashPassword = (password: string): Promise<string> => limited(() => argon2().hash(password, ARGON2));

// A real hash of a password nobody has, so that an unknown address costs the same time as a known one.
let dummy: Promise<string> | null = null;

/**
 * True when `password` matches `stored`. With no stored hash (an unknown address, or an
 * account without a password yet) a dummy hash is checked instead and the answer is false,
 * in the same time a real check takes.
 */
export async function checkPassword(stored: string | null, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  dummy ??= argon2().hash('no account has this password', ARGON2);
  const target = stored ?? (await dummy);
  const ok = await limited(() =>
    argon2()
      .verify(target, password)
      .catch(() => false),
  );
  return stored !== null && ok;
}

/** True when `stored` was made with other parameters than today's (then it is rehashed). */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  return !m || Number(m[1]) !== ARGON2.memoryCost || Number(m[2]) !== ARGON2.timeCost || Number(m[3]) !== ARGON2.parallelism;
}
