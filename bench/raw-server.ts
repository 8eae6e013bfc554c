import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveChild } from './child.js';

export interface RawServerSetup {
  status: number;
  headers: Record<string, string | string[]>;
  /** The response body, base64 so the bytes cross the IPC channel unchanged. */
  bodyBase64: string;
}

/**
 * Child process: the limit. A bare node:http server that answers every request with the same
 * status, headers and bytes the app sent, doing no other work.
 */
serveChild<RawServerSetup>(async (setup) => {
  const body = Buffer.from(setup.bodyBase64, 'base64');
  const server = createServer((_request, response) => {
    response.writeHead(setup.status, setup.headers);
    response.end(body);
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
