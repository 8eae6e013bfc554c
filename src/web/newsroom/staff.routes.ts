import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../domain/access/index.js';
import { isAppError } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import type { NewsroomContext } from './newsroom.plugin.js';
import { LinkIssuedPage, StaffPage, type InviteForm } from './staff.page.js';

type Form = { Body: Record<string, unknown> };
type ById = Form & { Params: { id: string } };
const text = (v: unknown) => (typeof v === 'string' ? v : '');

const NOTICES: Record<string, string> = {
  role: 'Role changed.',
  disabled: 'Account disabled; its sessions were signed out.',
  enabled: 'Account enabled.',
};

/** `/newsroom/staff`: accounts, roles, invitations (admins; the services refuse everyone else). */
export async function staffRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  const staff = ctx.services.staff;
  const page = async (
    request: FastifyRequest,
    extra: { invite?: InviteForm; errors?: Record<string, string>; notice?: string | undefined; problem?: string },
  ) => StaffPage({ chrome: await ctx.chrome(request), users: await staff.listUsers(ctx.session(request).actor), ...extra });

  app.get<{ Querystring: { done?: string } }>('/newsroom/staff', async (request, reply) =>
    sendPage(reply, await page(request, { notice: NOTICES[request.query.done ?? ''] })),
  );

  app.post<Form>('/newsroom/staff', async (request, reply) => {
    const actor = ctx.session(request).actor;
    const invite = { email: text(request.body.email), name: text(request.body.name), role: text(request.body.role) };
    try {
      const { user, link, delivery } = await staff.createUser(actor, { ...invite, role: invite.role as Role }, ctx.meta(request));
      return sendPage(
        reply,
        LinkIssuedPage({ chrome: await ctx.chrome(request), user, link: link!, delivery: delivery!, kind: 'invitation' }),
      );
    } catch (err) {
      if (!isAppError(err) || (err.code !== 'VALIDATION_FAILED' && err.code !== 'EMAIL_TAKEN')) throw err;
      const errors = err.code === 'EMAIL_TAKEN' ? { email: err.message } : err.fields;
      return sendPage(reply, await page(request, { invite, errors }), err.status);
    }
  });

  app.post<ById>('/newsroom/staff/:id/role', async (request, reply) => {
    try {
      await staff.changeRole(ctx.session(request).actor, request.params.id, text(request.body.role) as Role, ctx.meta(request));
      return reply.redirect('/newsroom/staff?done=role', 303);
    } catch (err) {
      if (!isAppError(err) || (err.code !== 'LAST_ADMIN' && err.code !== 'VALIDATION_FAILED')) throw err;
      return sendPage(reply, await page(request, { problem: err.message }), err.status);
    }
  });

  for (const action of ['disable', 'enable'] as const) {
    app.post<ById>(`/newsroom/staff/:id/${action}`, async (request, reply) => {
      const actor = ctx.session(request).actor;
      try {
        if (action === 'disable') await staff.disableUser(actor, request.params.id, ctx.meta(request));
        else await staff.enableUser(actor, request.params.id, ctx.meta(request));
        return reply.redirect(`/newsroom/staff?done=${action}d`, 303);
      } catch (err) {
        if (!isAppError(err) || err.code !== 'LAST_ADMIN') throw err;
        return sendPage(reply, await page(request, { problem: err.message }), err.status);
      }
    });
  }

  app.post<ById>('/newsroom/staff/:id/link', async (request, reply) => {
    const actor = ctx.session(request).actor;
    const user = await staff.getUser(actor, request.params.id);
    const kind = user.hasPassword ? 'reset' : 'invitation';
    const { link, delivery } = await staff.issuePasswordLink(
      actor,
      user.id,
      kind === 'reset' ? 'reset_password' : 'set_password',
      ctx.meta(request),
    );
    return sendPage(reply, LinkIssuedPage({ chrome: await ctx.chrome(request), user, link, delivery, kind }));
  });
}
