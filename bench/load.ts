import { request } from 'node:http';
import autocannon, { type RequestSpec } from 'autocannon';
import type { ServerChild } from './servers.js';

/** One load target: a path on a server. */
export interface Target {
  name: string;
  server: ServerChild;
  path: string;
  /** The x-cache value every response must carry, or null to not check. */
  expectCache: 'HIT' | 'MISS' | null;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export interface Measurement {
  name: string;
  path: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Server CPU time per response: what a request costs, whoever was the bottleneck. */
  serverCpuMicrosPerRequest: number;
  /** Server CPU time over wall time (100% = one core busy): below ~90%, the load generator limited the run. */
  serverCpuUtilisation: number;
  requests: number;
  bytesPerResponse: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Responses by x-cache header value ("none" when absent). */
  cache: Record<string, number>;
  /** Why the run does not measure what it claims to, if it does not. */
  invalid: string | null;
}

/** Runs autocannon against `target`: a discarded warm-up (JIT, caches), then the measured run. */
export async function measure(target: Target, opts: LoadOptions): Promise<Measurement> {
  const cache: Record<string, number> = {};
  const spec: RequestSpec = {
    method: 'GET',
    path: target.path,
    onResponse: (_status, _body, _context, headers) => {
      const value = String(headers['x-cache'] ?? 'none');
      cache[value] = (cache[value] ?? 0) + 1;
    },
  };
  const base = { url: target.server.origin, connections: opts.connections, pipelining: 1, timeout: 10, requests: [spec] };
  if (opts.warmupSeconds > 0) await autocannon({ ...base, duration: opts.warmupSeconds });
  for (const key of Object.keys(cache)) delete cache[key];

  const cpuBefore = await target.server.cpuMicros();
  const result = await autocannon({ ...base, duration: opts.seconds });
  const cpuMicros = (await target.server.cpuMicros()) - cpuBefore;
  const completed = result.requests.total;
  const measured: Measurement = {
    name: target.name,
    path: target.path,
    // Completed requests over the measured duration: steadier than the mean of 1 s samples.
    requestsPerSecond: completed / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    serverCpuMicrosPerRequest: completed > 0 ? cpuMicros / completed : 0,
    serverCpuUtilisation: cpuMicros / 1e6 / result.duration,
    requests: completed,
    bytesPerResponse: completed > 0 ? Math.round(result.throughput.total / completed) : 0,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    cache,
    invalid: null,
  };
  measured.invalid = problemWith(measured, target);
  return measured;
}

function problemWith(m: Measurement, target: Target): string | null {
  if (m.requests === 0) return 'no request completed';
  if (m.errors > 0 || m.timeouts > 0) return `${m.errors} errors, ${m.timeouts} timeouts`;
  if (m.non2xx > 0) return `${m.non2xx} responses were not 2xx`;
  if (target.expectCache) {
    const expected = m.cache[target.expectCache] ?? 0;
    if (expected !== m.requests) return `expected every response to be x-cache ${target.expectCache}, got ${JSON.stringify(m.cache)}`;
  }
  return null;
}

export interface Fetched {
  status: number;
  /** Header name → value, as the server sent them (names lower-cased by node). */
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** One GET with node:http (no decompression, no added headers), for probes and copying a page. */
export function get(url: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = value;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
