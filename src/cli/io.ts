import type { Logger } from '../kernel/logger.js';

/** Where a command writes: its output and its messages (standard output and error in a terminal). */
export interface CommandIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Reads all of standard input (a password piped in). */
  readInput(): Promise<string>;
  /** The site address printed addresses start with, and whether SITE_URL set it. */
  site: { url: string; fromEnv: boolean };
}

/** A usage mistake: the command prints the message and usage, and exits 2. */
export class UsageError extends Error {}

/** Log lines for a person at a terminal: the message, then the error's stack, on standard error. */
export function textLogger(err: NodeJS.WritableStream): Logger {
  const write = (level: string) => (fields: object, message: string) => {
    const e = (fields as { err?: unknown }).err;
    err.write(`${level}: ${message}${e ? `\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}` : ''}\n`);
  };
  return { error: write('error'), warn: write('warning'), info: () => {} };
}

/** Standard input, whole, as text. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
