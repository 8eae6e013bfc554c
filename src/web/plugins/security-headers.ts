import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/** The reader site's policy: no scripts at all, forms only to this site, never framed. */
const POLICY: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'https:'],
      styleSrc: ["'self'"],
      scriptSrc: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
  // Article images may be shown by other sites' link previews.
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  // Other sites may learn that a reader came from us, not which page; our own forms keep their Origin.
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  // Headers for browsers long gone, left out: every answer carries its headers, and a cached
  // page's cost is mostly theirs. X-XSS-Protection only switched off an auditor no browser has
  // now; X-Download-Options was Internet Explorer 8's; X-Permitted-Cross-Domain-Policies
  // governed Flash. X-Frame-Options stays for browsers without CSP's frame-ancestors.
  xXssProtection: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
};

/**
 * The newsroom's policy: the reader site's, except that the newsroom's own scripts run (the
 * editor's live preview, autosave and lock). Still nothing inline and nothing from elsewhere.
 */
export const NEWSROOM_POLICY: HelmetOptions = {
  ...POLICY,
  contentSecurityPolicy: {
    directives: { ...(POLICY.contentSecurityPolicy as { directives: Record<string, unknown> }).directives, scriptSrc: ["'self'"] } as never,
  },
};

/** Runs helmet once against a recording response and returns the headers it would set. */
export function securityHeaders(options: HelmetOptions = POLICY): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  helmet(options)({} as never, res as never, (err?: unknown) => void (failure = err));
  if (failure) throw failure;
  return headers;
}

/**
 * Answers no browser renders as a document: fonts, stylesheets, scripts and raster pictures.
 * (SVG is not among them: opened on its own it is a document and can hold script.)
 */
const SUBRESOURCE = /^(font\/|text\/css|text\/javascript|image\/(png|jpeg|webp|avif|gif))/;

/** Headers that only govern a document (what it may load, frame or send); a subresource keeps nosniff and CORP. */
const DOCUMENT_ONLY = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

/**
 * Security headers on every answer. Helmet's rules are applied once at start-up rather
 * than per request: the headers never vary, and rebuilding them cost more than serving a
 * cached page. Subresources drop the document-only ones: on a page's font, stylesheet and
 * pictures they governed nothing and cost 700 bytes each.
 */
async function securityHeadersPlugin(app: FastifyInstance) {
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (SUBRESOURCE.test(String(reply.getHeader('content-type') ?? ''))) for (const name of DOCUMENT_ONLY) reply.removeHeader(name);
    done(null, payload);
  });
}

export default fp(securityHeadersPlugin, { name: 'security-headers' });
