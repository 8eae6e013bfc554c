import type { FastifyInstance } from 'fastify';
import { MIN_PASSWORD_LENGTH } from '../../domain/staff/index.js';
import { isAppError } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import { ForgotPasswordPage } from './forgot.page.js';
import { LoginPage } from './login.page.js';
import type { NewsroomContext } from './newsroom.plugin.js';
import { PasswordLinkPage } from './password-link.page.js';
import { SecondFactorPage } from './two-factor.page.js';

type Form = { Body: Record<string, unknown> };
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Only a newsroom path may be the place to return to after signing in: never another site. */
export const safeNext = (next: unknown): string => {
  const value = text(next);
  return /^\/newsroom(?:[/?#]|$)/.test(value) && !/[\\\s]/.test(value) && !value.startsWith('//') ? value : '/newsroom';
};

/** Sign in, sign out, and setting a password through a one-time link. */
export async function authRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  const staff = ctx.services.staff;
  const open = { config: { newsroomAccess: 'public' as const } };

  app.get<{ Querystring: { next?: string } }>('/newsroom/login', open, async (request, reply) => {
    if (request.staffSession) return reply.redirect(safeNext(request.query.next), 303);
    return sendPage(reply, LoginPage({ chrome: await ctx.chrome(request), email: '', next: safeNext(request.query.next) }));
  });

  app.post<Form>('/newsroom/login', open, async (request, reply) => {
    const email = text(request.body.email).slice(0, 254);
    const next = safeNext(request.body.next);
    try {
      const result = await staff.signIn(
        { email, password: text(request.body.password), previousSessionId: request.cookies[ctx.cookie.name] },
        ctx.meta(request),
      );
      if ('secondFactorToken' in result) {
        ctx.cookie.setSecondFactor(reply, result.secondFactorToken);
        return sendPage(reply, SecondFactorPage({ chrome: await ctx.chrome(request), next }));
      }
      ctx.cookie.set(reply, result.sessionId, result.session.expiresAt);
      return reply.redirect(next, 303);
    } catch (err) {
      if (!isAppError(err) || !['SIGN_IN_FAILED', 'SIGN_IN_THROTTLED', 'SIGN_IN_BUSY'].includes(err.code)) throw err;
      if (err.retryAfter !== undefined) reply.header('retry-after', String(err.retryAfter));
      return sendPage(reply, LoginPage({ chrome: await ctx.chrome(request), email, next, error: err.message }), err.status);
    }
  });

  app.post<Form>('/newsroom/login/code', open, async (request, reply) => {
    const next = safeNext(request.body.next);
    const token = request.cookies[ctx.cookie.secondFactorName] ?? '';
    try {
      const { sessionId, session } = await staff.completeSecondFactor(
        { token, code: text(request.body.code), previousSessionId: request.cookies[ctx.cookie.name] },
        ctx.meta(request),
      );
      ctx.cookie.clearSecondFactor(reply);
      ctx.cookie.set(reply, sessionId, session.expiresAt);
      return reply.redirect(next, 303);
    } catch (err) {
      if (!isAppError(err) || !['TWO_FACTOR_INVALID', 'LINK_INVALID', 'SIGN_IN_THROTTLED', 'SIGN_IN_BUSY'].includes(err.code)) throw err;
      ctx.cookie.clearSecondFactor(reply);
      if (err.retryAfter !== undefined) reply.header('retry-after', String(err.retryAfter));
      return sendPage(
        reply,
        LoginPage({ chrome: await ctx.chrome(request), email: '', next, error: err.message }),
        err.status === 410 ? 401 : err.status,
      );
    }
  });

  app.get('/newsroom/forgot', open, async (request, reply) =>
    sendPage(reply, ForgotPasswordPage({ chrome: await ctx.chrome(request), sent: false })),
  );

  app.post<Form>('/newsroom/forgot', open, async (request, reply) => {
    const email = text(request.body.email).slice(0, 254);
    try {
      await staff.requestPasswordReset(email, ctx.meta(request));
    } catch (err) {
      if (!isAppError(err) || err.code !== 'RESET_THROTTLED') throw err;
      if (err.retryAfter !== undefined) reply.header('retry-after', String(err.retryAfter));
      return sendPage(reply, ForgotPasswordPage({ chrome: await ctx.chrome(request), sent: false, email, error: err.message }), 429);
    }
    return sendPage(reply, ForgotPasswordPage({ chrome: await ctx.chrome(request), sent: true }));
  });

  app.post('/newsroom/logout', async (request, reply) => {
    await staff.signOut(ctx.session(request), ctx.meta(request));
    ctx.cookie.clear(reply);
    return reply.redirect('/newsroom/login', 303);
  });

  app.get<{ Params: { token: string } }>('/newsroom/password/:token', open, async (request, reply) => {
    const link = await staff.checkPasswordLink(request.params.token);
    // The token is in the address: keep it out of Referer headers sent from this page.
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(
      reply,
      PasswordLinkPage({ chrome: await ctx.chrome(request), token: request.params.token, ...link, minLength: MIN_PASSWORD_LENGTH }),
    );
  });

  app.post<Form & { Params: { token: string } }>('/newsroom/password/:token', open, async (request, reply) => {
    const token = request.params.token;
    reply.header('referrer-policy', 'no-referrer');
    try {
      const user = await staff.setPasswordWithLink(token, text(request.body.password), ctx.meta(request));
      return sendPage(
        reply,
        LoginPage({
          chrome: await ctx.chrome(request),
          email: user.email,
          next: '/newsroom',
          message: 'Your password is saved. Sign in with it now.',
        }),
      );
    } catch (err) {
      if (!isAppError(err) || err.code !== 'PASSWORD_WEAK') throw err;
      const link = await staff.checkPasswordLink(token);
      return sendPage(
        reply,
        PasswordLinkPage({ chrome: await ctx.chrome(request), token, ...link, error: err.message, minLength: MIN_PASSWORD_LENGTH }),
        422,
      );
    }
  });
}
