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
    const cursor = one(request.query.before);
    const [page, actions] = await Promise.all([
      ctx.services.audit.list(actor, { ...(action ? { action } : {}), ...(cursor ? { cursor } : {}) }),
      ctx.services.audit.actions(actor),
    ]);
    const params = new URLSearchParams({ ...(action ? { action } : {}), ...(page.next ? { before: page.next } : {}) });
    return sendPage(
      reply,
      AuditPage({ chrome: await ctx.chrome(request), page, actions, action, nextUrl: page.next ? `/newsroom/audit?${params}` : null }),
    );
  });
}
