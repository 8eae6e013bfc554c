import type { FastifyInstance } from 'fastify';
import { sendPage } from '../render.js';
import { AuditPage } from './audit.page.js';
import type { NewsroomContext } from './newsroom.plugin.js';

const one = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : '');

/** `/newsroom/audit` (admins): the service refuses everyone else. */
export async function auditRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  app.get<{ Querystring: Record<string, unknown> }>('/newsroom/audit', async (request, reply) => {
    const actor = ctx.session(request).actor;
    const action = one(request.query.action);
    const actorId = one(request.query.actor);
    const cursor = one(request.query.before);
    const [page, actions, people] = await Promise.all([
      ctx.services.audit.list(actor, { ...(action ? { action } : {}), ...(actorId ? { actorId } : {}), ...(cursor ? { cursor } : {}) }),
      ctx.services.audit.actions(actor),
      ctx.services.staff.listUsers(actor),
    ]);
    const params = new URLSearchParams({
      ...(action ? { action } : {}),
      ...(actorId ? { actor: actorId } : {}),
      ...(page.next ? { before: page.next } : {}),
    });
    const nextUrl = page.next ? `/newsroom/audit?${params}` : null;
    return sendPage(reply, AuditPage({ chrome: await ctx.chrome(request), page, actions, action, people, actorId, nextUrl }));
  });
}
