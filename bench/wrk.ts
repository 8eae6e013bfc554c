import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** wrk as the pagebench tool runs it: 2 threads, --latency, a 30 s timeout. */
export interface WrkOptions {
  url: string;
  connections: number;
  seconds: number;
  /** Extra request headers (`-H`). */
  headers?: Record<string, string>;
  /** A Lua script (`-s`), e.g. one that makes each request's headers. */
  script?: string;
}

export interface WrkResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Completed requests. */
  requests: number;
  /** Bytes read, headers included (wrk prints it to three figures). */
  bytesRead: number;
  non2xx: number;
  socketErrors: { connect: number; read: number; write: number; timeout: number };
}

export const WRK_THREADS = 2;
const TIMEOUT = '30s';

/** The wrk binary, its path overridable for machines that keep it elsewhere. */
export const WRK = process.env.BENCH_WRK || 'wrk';

/** Runs wrk once and reads its report. Throws if wrk fails or prints no report. */
export async function wrk(opts: WrkOptions): Promise<WrkResult> {
  const threads = Math.min(WRK_THREADS, opts.connections);
  const args = [`-t${threads}`, `-c${opts.connections}`, `-d${opts.seconds}s`, '--latency', '--timeout', TIMEOUT];
  for (const [name, value] of Object.entries(opts.headers ?? {})) args.push('-H', `${name}: ${value}`);
  if (opts.script) args.push('-s', opts.script);
  args.push(opts.url);
  const { stdout } = await run(WRK, args, { maxBuffer: 1024 * 1024 });
  return parseWrk(stdout);
}

const UNIT_MS: Record<string, number> = { us: 1 / 1000, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const BYTES: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** Reads wrk's text report (as pagebench does: Requests/sec, the 50% and 99% lines, non-2xx). */
export function parseWrk(out: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (!rps) throw new Error(`wrk printed no Requests/sec:\n${out}`);
  const latency = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm').exec(out);
    return m ? Number(m[1]) * UNIT_MS[m[2]!]! : Number.NaN;
  };
  const done = /(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB|TB) read/.exec(out);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  return {
    requestsPerSecond: Number(rps[1]),
    latencyP50Ms: latency('50'),
    latencyP99Ms: latency('99'),
    requests: done ? Number(done[1]) : 0,
    bytesRead: done ? Math.round(Number(done[2]) * BYTES[done[3]!]!) : 0,
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: {
      connect: Number(socket?.[1] ?? 0),
      read: Number(socket?.[2] ?? 0),
      write: Number(socket?.[3] ?? 0),
      timeout: Number(socket?.[4] ?? 0),
    },
  };
}

/** wrk's first line of `-v` ("wrk debian/4.1.0-3+b2 [epoll] ..."), or why there is none. */
export async function wrkVersion(): Promise<string> {
  // `wrk -v` prints its version and usage, and exits with status 1.
  const out = await run(WRK, ['-v']).then(
    (r) => r.stdout + r.stderr,
    (err: { stdout?: string; stderr?: string; message: string }) => (err.stdout || '') + (err.stderr || '') || err.message,
  );
  return out
    .split('\n')[0]!
    .replace(/\s*Copyright.*$/, '')
    .trim();
}
