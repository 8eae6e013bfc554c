import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffSession } from '../../domain/staff/index.js';
import { AppError } from '../../kernel/errors.js';
import { sameSecret } from '../../kernel/secrets.js';
import type { Services } from '../../services.js';
import { accountRoutes } from './account.routes.js';
import { twoFactorRoutes } from './two-factor.routes.js';
import { auditRoutes } from './audit.routes.js';
import { outboxRoutes } from './outbox.routes.js';
import { subscribersRoutes } from './subscribers.routes.js';
import { newslettersRoutes } from './newsletters.routes.js';
import { authRoutes } from './auth.routes.js';
import type { NewsroomChrome } from './newsroom-layout.js';
import { overviewRoutes } from './overview.routes.js';
import { settingsRoutes } from './settings.routes.js';
import { staffRoutes } from './staff.routes.js';
import { articleRoutes } from './articles.routes.js';
import { taxonomyRoutes } from './taxonomy.routes.js';
import { importRoutes } from './import.routes.js';
import { mediaRoutes } from './media.routes.js';
import { integrationsRoutes } from './integrations.routes.js';
import { NEWSROOM_POLICY, securityHeaders } from '../plugins/security-headers.js';
import { LoginPage } from './login.page.js';
import { sendPage } from '../render.js';

export interface NewsroomDeps {
  services: Services;
  siteUrl: string;
  stylesheets: string[];
  /** The editor's script, fingerprinted. */
  editorScript: string;
}

/** What each newsroom route gets: the deps and helpers that read the request. */
export interface NewsroomContext extends NewsroomDeps {
  cookie: SessionCookie;
  /** The page chrome for this request (outlet name, signed-in actor, CSRF token). */
  chrome(request: FastifyRequest): Promise<NewsroomChrome>;
  /** The signed-in session; routes run only when there is one, unless marked public. */
  session(request: FastifyRequest): StaffSession;
  /** Where the request came from, for the audit log and throttling. */
  meta(request: FastifyRequest): { ip: string; userAgent: string };
}

/** How the session cookie is named and set. */
export interface SessionCookie {
  name: string;
  set(reply: FastifyReply, sessionId: string, expiresAt: string): void;
  clear(reply: FastifyReply): void;
  /** The short-lived cookie between the password and the code of a two-factor sign-in. */
  secondFactorName: string;
  setSecondFactor(reply: FastifyReply, token: string): void;
  clearSecondFactor(reply: FastifyReply): void;
}

/**
 * The session cookie: HttpOnly, SameSite=Lax, and on an https site Secure with the `__Host-`
 * prefix, which browsers only accept from this host, over https, for the whole path.
 */
export function sessionCookie(siteUrl: string): SessionCookie {
  const secure = siteUrl.startsWith('https://');
  const prefix = secure ? '__Host-' : '';
  const name = `${prefix}despatch_session`;
  const secondFactorName = `${prefix}despatch_second_factor`;
  const base = { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
  return {
    name,
    secondFactorName,
    setSecondFactor(reply, token) {
      reply.setCookie(secondFactorName, token, { ...base, maxAge: 5 * 60 });
    },
    clearSecondFactor(reply) {
      reply.clearCookie(secondFactorName, base);
    },
    set(reply, sessionId, expiresAt) {
      reply.setCookie(name, sessionId, { ...base, expires: new Date(expiresAt) });
    },
    clear(reply) {
      reply.clearCookie(name, base);
    },
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The newsroom session this request carries, if any. */
    staffSession: StaffSession | null;
  }
  interface FastifyContextConfig {
    /** 'public': reachable without signing in (sign-in, set-password links). */
    newsroomAccess?: 'public';
  }
}

/**
 * The newsroom under /newsroom, in a context of its own: its cookie parsing, session lookup,
 * CSRF check and headers never touch the reader site (whose pages are cached and shared).
 */
export async function newsroom(app: FastifyInstance, deps: NewsroomDeps) {
  await app.register(cookie);
  const sessions = deps.services.staff;
  const cookieJar = sessionCookie(deps.siteUrl);

  const ctx: NewsroomContext = {
    ...deps,
    cookie: cookieJar,
    async chrome(request) {
      const site = await deps.services.site.getSite();
      const session = request.staffSession;
      return {
        outletName: site.outletName,
        stylesheets: deps.stylesheets,
        actor: session?.actor ?? null,
        csrfToken: session?.csrfToken ?? null,
      };
    },
    session(request) {
      if (!request.staffSession) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
      return request.staffSession;
    },
    meta(request) {
      return { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '') };
    },
  };

  app.decorateRequest('staffSession', null);

  const csp = securityHeaders(NEWSROOM_POLICY)['content-security-policy']!;
  app.addHook('onRequest', async (request, reply) => {
    reply.header('content-security-policy', csp);
    // Newsroom pages are private to one person: never stored by a browser, a proxy or a
    // search engine, never shown in a frame (the CSP already says frame-ancestors 'none').
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'same-origin');
    request.staffSession = await sessions.resolveSession(request.cookies[cookieJar.name]);
    const session = request.staffSession;
    // An admin without a second factor, where the site requires one, may only set one up (or leave).
    if (session?.mustEnrolTwoFactor && !/^\/newsroom\/(?:account\/two-factor(?:\/|$)|logout$|login)/.test(request.url)) {
      if (request.method === 'GET') return reply.redirect('/newsroom/account/two-factor', 303);
      throw new AppError('FORBIDDEN', 'Set up two-factor authentication first: this site requires it for admins.');
    }
    if (session || request.routeOptions.config.newsroomAccess === 'public') return;
    // Not signed in: scripts get 401 JSON; people get the sign-in page, which returns them here.
    const accept = request.headers.accept ?? '';
    if (accept.includes('application/json') && !accept.includes('text/html'))
      return reply.code(401).send({ error: { code: 'UNAUTHENTICATED', message: 'Please sign in.' } });
    const next = request.method === 'GET' ? request.url : '/newsroom';
    return sendPage(reply, LoginPage({ chrome: await ctx.chrome(request), email: '', next, message: 'Please sign in to continue.' }), 401);
  });

  // A session-bound token on every state-changing form, on top of the same-origin check.
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST' || !request.staffSession) return;
    const field = (request.body as Record<string, unknown> | undefined)?._csrf;
    // A multipart form (the import upload) gives its fields as parts with a value.
    const sent = typeof field === 'object' && field !== null && 'value' in field ? (field as { value: unknown }).value : field;
    if (typeof sent !== 'string' || !sameSecret(sent, request.staffSession.csrfToken))
      throw new AppError('CSRF_TOKEN_INVALID', 'This form has expired. Please go back, reload the page and try again.');
  });

  await app.register(authRoutes, ctx);
  await app.register(overviewRoutes, ctx);
  await app.register(accountRoutes, ctx);
  await app.register(twoFactorRoutes, ctx);
  await app.register(staffRoutes, ctx);
  await app.register(settingsRoutes, ctx);
  await app.register(auditRoutes, ctx);
  await app.register(outboxRoutes, ctx);
  await app.register(subscribersRoutes, ctx);
  await app.register(newslettersRoutes, ctx);
  await app.register(articleRoutes, ctx);
  await app.register(taxonomyRoutes, ctx);
  await app.register(importRoutes, ctx);
  await app.register(mediaRoutes, ctx);
  await app.register(integrationsRoutes, ctx);
}
