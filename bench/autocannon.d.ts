/** The small part of autocannon 9's API the bench uses (the package ships no types). */
declare module 'autocannon' {
  type Headers = Record<string, string | string[]>;

  export interface RequestSpec {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    setupRequest?: (request: RequestSpec, context: Record<string, unknown>) => RequestSpec;
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Headers) => void;
  }

  export interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    pipelining?: number;
    /** Seconds. */
    timeout?: number;
    requests?: RequestSpec[];
  }

  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
  }

  export interface Result {
    /** Seconds. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    /** Per-second samples; `total` is the completed request count. */
    requests: Histogram & { sent: number };
    /** Milliseconds per request. */
    latency: Histogram;
    /** Bytes per second samples; `total` is all bytes read. */
    throughput: Histogram;
  }

  export default function autocannon(options: Options): Promise<Result>;
}
