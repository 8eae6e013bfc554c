import { request } from 'node:http';

export interface Fetched {
  status: number;
  /** Header name → value, as the server sent them (names lower-cased by node). */
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** One GET with node:http (no decompression, only the headers given), for probes and copying a page. */
export function get(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const received: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) received[name] = value;
        resolve({ status: res.statusCode ?? 0, headers: received, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
