import type { FastifyInstance } from 'fastify';
import { MIN_PASSWORD_LENGTH } from '../../domain/staff/index.js';
import { isAppError } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import { AccountPage } from './account.page.js';
import type { NewsroomContext } from './newsroom.plugin.js';

type Form = { Body: Record<string, unknown> };
const text = (v: unknown) => (typeof v === 'string' ? v : '');
const NOTICES: Record<string, string> = {
  password: 'Your password is changed. Your other sessions were signed out.',
  'two-factor-off': 'Two-factor authentication is off. Your recovery codes no longer work.',
};

/** `/newsroom/account`: password change and sign out everywhere, for oneself. */
export async function accountRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  const page = async (
    request: Parameters<NewsroomContext['chrome']>[0],
    extra: { errors?: Record<string, string>; notice?: string | undefined } = {},
  ) =>
    AccountPage({ chrome: await ctx.chrome(request), minLength: MIN_PASSWORD_LENGTH, twoFactor: ctx.session(request).twoFactor, ...extra });

  app.get<{ Querystring: { done?: string } }>('/newsroom/account', async (request, reply) => {
    ctx.session(request);
    return sendPage(reply, await page(request, { notice: NOTICES[request.query.done ?? ''] }));
  });

  app.post<Form>('/newsroom/account/password', async (request, reply) => {
    try {
      await ctx.services.staff.changePassword(
        ctx.session(request),
        text(request.body.current),
        text(request.body.password),
        ctx.meta(request),
      );
      return reply.redirect('/newsroom/account?done=password', 303);
    } catch (err) {
      if (!isAppError(err) || (err.code !== 'PASSWORD_WRONG' && err.code !== 'PASSWORD_WEAK')) throw err;
      const errors: Record<string, string> =
        err.code === 'PASSWORD_WRONG' ? { current: 'Your current password is not right.' } : { password: err.message };
      return sendPage(reply, await page(request, { errors }), 422);
    }
  });

  app.post('/newsroom/account/sign-out-everywhere', async (request, reply) => {
    await ctx.services.staff.signOutEverywhere(ctx.session(request), ctx.meta(request));
    ctx.cookie.clear(reply);
    return reply.redirect('/newsroom/login', 303);
  });
}
