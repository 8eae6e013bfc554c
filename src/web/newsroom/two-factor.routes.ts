import type { FastifyInstance } from 'fastify';
import { MIN_PASSWORD_LENGTH } from '../../domain/staff/index.js';
import { isAppError } from '../../kernel/errors.js';
import { AccountPage } from './account.page.js';
import { sendPage } from '../render.js';
import type { NewsroomContext } from './newsroom.plugin.js';
import { RecoveryCodesPage, TwoFactorSetupPage, TwoFactorStartPage } from './two-factor.page.js';

type Form = { Body: Record<string, unknown> };
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Setting up, confirming and turning off one's own second factor (`/newsroom/account/two-factor`). */
export async function twoFactorRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  const staff = ctx.services.staff;

  // GET never changes anything: it shows the pending setup, or a button that starts one.
  app.get('/newsroom/account/two-factor', async (request, reply) => {
    const session = ctx.session(request);
    if (session.twoFactor) return reply.redirect('/newsroom/account', 303);
    const setup = await staff.pendingTwoFactor(session);
    const chrome = await ctx.chrome(request);
    return sendPage(
      reply,
      setup
        ? TwoFactorSetupPage({ chrome, setup, required: session.mustEnrolTwoFactor })
        : TwoFactorStartPage({ chrome, required: session.mustEnrolTwoFactor }),
    );
  });

  app.post('/newsroom/account/two-factor/start', async (request, reply) => {
    await staff.beginTwoFactor(ctx.session(request));
    return reply.redirect('/newsroom/account/two-factor', 303);
  });

  // The secret as a QR code: an image of its own, so no markup from a library enters the page.
  app.get('/newsroom/account/two-factor/qr.svg', async (request, reply) => {
    const setup = await staff.pendingTwoFactor(ctx.session(request));
    if (!setup) return reply.code(404).type('text/plain').send('No two-factor setup is pending.\n');
    // qrcode is loaded when someone first sets up a second factor.
    const { default: QRCode } = await import('qrcode');
    const svg = await QRCode.toString(setup.uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return reply.type('image/svg+xml').send(svg);
  });

  app.post<Form>('/newsroom/account/two-factor/confirm', async (request, reply) => {
    const session = ctx.session(request);
    try {
      const codes = await staff.confirmTwoFactor(session, text(request.body.code), ctx.meta(request));
      return sendPage(reply, RecoveryCodesPage({ chrome: await ctx.chrome(request), codes }));
    } catch (err) {
      if (!isAppError(err) || err.code !== 'VALIDATION_FAILED') throw err;
      const setup = await staff.pendingTwoFactor(session);
      if (!setup) return reply.redirect('/newsroom/account/two-factor', 303);
      return sendPage(
        reply,
        TwoFactorSetupPage({
          chrome: await ctx.chrome(request),
          setup,
          error: err.fields.code ?? err.message,
          required: session.mustEnrolTwoFactor,
        }),
        422,
      );
    }
  });

  app.post<Form>('/newsroom/account/two-factor/disable', async (request, reply) => {
    try {
      await staff.disableTwoFactor(ctx.session(request), text(request.body.twoFactorPassword), ctx.meta(request));
      return reply.redirect('/newsroom/account?done=two-factor-off', 303);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'PASSWORD_WRONG') throw err;
      return sendPage(
        reply,
        AccountPage({
          chrome: await ctx.chrome(request),
          minLength: MIN_PASSWORD_LENGTH,
          twoFactor: true,
          errors: { twoFactorPassword: 'Your password is not right.' },
        }),
        422,
      );
    }
  });
}
