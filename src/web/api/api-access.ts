import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * What both content APIs (Despatch's `/api/v1` and the Ghost-compatible `/ghost/api/content`)
 * share at the door: where a key is read from, the per-key rate limit, and CORS.
 */

/** How many requests a key may make a minute: generous for an app, a brake on a runaway loop. */
export const API_REQUESTS_PER_MINUTE = 600;

/** The key a request carries: `Authorization: Bearer KEY`, or `?key=KEY` (Ghost's only way). */
export function presentedKey(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const key = (request.query as Record<string, unknown> | undefined)?.key;
  return typeof key === 'string' ? key : null;
}

/** Route options giving each key its own allowance; requests without one share their address's. */
export const perKeyRateLimit = {
  config: {
    rateLimit: {
      max: API_REQUESTS_PER_MINUTE,
      timeWindow: '1 minute',
      keyGenerator: (request: FastifyRequest) => {
        const key = presentedKey(request);
        return key ? `key:${createHash('sha256').update(key).digest('hex')}` : `ip:${request.ip}`;
      },
    },
  },
};

/**
 * CORS for an API's routes: origins on the list (or any, with '*') may call it from a
 * browser; a preflight is answered here, before any key check (a browser sends none with it).
 */
export function allowCors(app: FastifyInstance, origins: string[] | '*', allowHeaders: string): void {
  const allowed = (origin: string | undefined) => origin !== undefined && (origins === '*' || origins.includes(origin));
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!allowed(origin)) return;
    reply.header('access-control-allow-origin', origins === '*' ? '*' : origin!).header('vary', 'Origin');
    if (request.method === 'OPTIONS')
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, OPTIONS')
        .header('access-control-allow-headers', allowHeaders)
        .header('access-control-max-age', '600')
        .send();
  });
}
