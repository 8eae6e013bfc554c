import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveChild } from './child.js';

/** One answer the app gave, copied: status, headers (node:http's own connection headers left out) and body. */
export interface RawPage {
  status: number;
  headers: Record<string, string | string[]>;
  /** The response body, base64 so the bytes cross the IPC channel unchanged. */
  bodyBase64: string;
}

export interface RawServerSetup {
  /** Request path (`/<scenario>`) → the answer to send for it. */
  pages: Record<string, RawPage>;
}

/**
 * Child process: the limit. A bare node:http server that answers each of its paths with the
 * same status, headers and bytes the app sent for one page, doing no other work (one map
 * lookup a request, so one child serves every page's bytes); any other path answers 404.
 */
serveChild<RawServerSetup>(async (setup) => {
  const pages = new Map(
    Object.entries(setup.pages).map(
      ([path, page]) => [path, { status: page.status, headers: page.headers, body: Buffer.from(page.bodyBase64, 'base64') }] as const,
    ),
  );
  const server = createServer((request, response) => {
    const page = pages.get(request.url ?? '');
    if (page === undefined) {
      response.writeHead(404);
      return void response.end();
    }
    response.writeHead(page.status, page.headers);
    response.end(page.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
});
