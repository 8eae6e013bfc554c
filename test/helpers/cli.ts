import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The `despatch` command as installed (bin/despatch.mjs). */
export const DESPATCH_BIN = new URL('../../bin/despatch.mjs', import.meta.url).pathname;

/** Runs `despatch ARGS` as a person would, with `input` on standard input; resolves with the exit status and output. */
export function despatchWithInput(
  input: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd?: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DESPATCH_BIN, ...args], { env: opts.env, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/**
 * A `despatch` of its own for one test: a folder and SQLite database that are removed after
 * it, and a function running the command there as a person would (nothing on standard input).
 */
export async function despatchInTempDir(
  t: { after(fn: () => Promise<void>): void },
  env: NodeJS.ProcessEnv = {},
): Promise<(...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>> {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const fullEnv = {
    PATH: process.env.PATH,
    DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`,
    SITE_URL: 'https://news.example',
    DEMO: '0',
    ...env,
  };
  return (...args) => despatchWithInput('', args, { env: fullEnv, cwd: dir });
}

/**
 * `despatch ARGS` in this process (`run()` from src/cli.ts), with `settings` (DATABASE_URL,
 * MEDIA_DIR …) set in the environment as a person sets them, restored afterwards.
 */
export async function despatchInProcess(
  settings: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { run } = await import('../../src/cli.js');
  const all: Record<string, string> = { SITE_URL: 'https://news.example', DEMO: '0', ...settings };
  const saved = Object.fromEntries(Object.keys(all).map((k) => [k, process.env[k]]));
  Object.assign(process.env, all);
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString('utf8'));
        done();
      },
    });
  try {
    const code = await run(
      args,
      sink((t) => (stdout += t)),
      sink((t) => (stderr += t)),
    );
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
