import { spawn } from 'node:child_process';

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
