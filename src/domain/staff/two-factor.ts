import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { lazy } from '../../kernel/lazy.js';

const requireModule = createRequire(import.meta.url);
/** otplib, loaded when a second factor is first set up or checked. */
const otplib = lazy(() => requireModule('otplib') as typeof import('otplib'));

/**
 * Time-based one-time passwords (RFC 6238) with otplib: six digits, 30-second steps, codes
 * from the step before accepted too (clocks drift, people type slowly), never a code from a
 * step already used.
 */
const PERIOD = 30;

/** A new shared secret (base32), for an authenticator app. */
export const newTotpSecret = (): string => otplib().generateSecret();

/** The otpauth:// address an authenticator app reads (from the QR code). */
export const totpUri = (secret: string, account: string, issuer: string): string =>
  otplib().generateURI({ issuer, label: account, secret });

/** The secret in groups of four, as people type it. */
export const groupedSecret = (secret: string): string => secret.replace(/(.{4})/g, '$1 ').trim();

/** The time step a valid `code` belongs to, or null; `after` refuses that step and earlier ones (replays). */
export async function totpStep(secret: string, code: string, nowMs: number, after: number | null): Promise<number | null> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = await otplib().verify({
    secret,
    token,
    epoch: Math.floor(nowMs / 1000),
    period: PERIOD,
    epochTolerance: [PERIOD, 0],
    ...(after !== null ? { afterTimeStep: after } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Ten single-use recovery codes, for when the phone is lost: `xxxxx-xxxxx`, easy to read aloud. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: 10 }, () => {
    const chars = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A recovery code as typed: case, spaces and the dash do not matter. */
export const normaliseRecoveryCode = (code: string): string => {
  const c = code.toLowerCase().replace(/[^a-z0-9]/g, '');
  return c.length === 10 ? `${c.slice(0, 5)}-${c.slice(5)}` : c;
};
