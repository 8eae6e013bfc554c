import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../kernel/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `signed-link`: the route is authorised by a signed token in its address, not by the
     * browser's same-origin headers (the one-click unsubscribe a mailbox provider POSTs, with
     * no Origin). Such a route must change nothing but what its token names.
     * `bearer-token`: the route is authorised by an `Authorization: Bearer` header, which a
     * browser never sends cross-site on its own (the bounce intake mail servers call).
     */
    crossSite?: 'signed-link' | 'bearer-token';
  }
}

/**
 * CSRF defence for every state-changing request: the browser must say it comes from this
 * site (Sec-Fetch-Site, else Origin, else Referer). Public pages are cached and shared, so a
 * per-visitor token cannot be printed in them; the headers browsers attach cannot be forged
 * by another site. Requests without any of them (old clients, curl) are refused too.
 */
async function sameOrigin(app: FastifyInstance, opts: { siteUrl: string }) {
  const allowed = new Set([new URL(opts.siteUrl).origin]);
  app.addHook('onRequest', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    if (request.routeOptions.config?.crossSite) return;
    const fetchSite = request.headers['sec-fetch-site'];
    if (fetchSite === 'same-origin') return;
    // Only the configured site counts: the Host header is the client's to choose.
    const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
    if ((fetchSite === undefined || fetchSite === 'none') && origin && allowed.has(origin)) return;
    throw new AppError('CROSS_SITE_REQUEST', 'This form must be sent from this website. Please go back, reload the page and try again.');
  });
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

export default fp(sameOrigin, { name: 'same-origin' });
