import type { FastifyInstance } from 'fastify';
import { invalid } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import type { NewsroomContext } from './newsroom.plugin.js';
import { SubscriberPage, SubscribersPage } from './subscribers.page.js';

type Query = { Querystring: Record<string, unknown> };
type ById = { Params: { id: string } };
const one = (v: unknown) => (typeof v === 'string' ? v.slice(0, 254) : '');

/** `/newsroom/subscribers` (admins): list, export and erase. The service refuses everyone else. */
export async function subscribersRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  const admin = ctx.services.subscriberAdmin;

  app.get<Query>('/newsroom/subscribers', async (request, reply) => {
    const search = one(request.query.q);
    const page = Math.max(1, Math.min(100_000, Number.parseInt(one(request.query.page), 10) || 1));
    const list = await admin.list(ctx.session(request).actor, { search, page });
    const notice = one(request.query.erased) === '1' ? 'The subscriber was erased.' : undefined;
    return sendPage(reply, SubscribersPage({ chrome: await ctx.chrome(request), list, search, page, notice }));
  });

  app.post('/newsroom/subscribers/export', async (request, reply) => {
    const { csv } = await admin.exportCsv(ctx.session(request).actor, request.ip);
    const day = ctx.services.clock.now().toISOString().slice(0, 10);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="subscribers-${day}.csv"`).send(csv);
  });

  app.get<ById>('/newsroom/subscribers/:id', async (request, reply) => {
    const subscriber = await admin.detail(ctx.session(request).actor, request.params.id);
    return sendPage(reply, SubscriberPage({ chrome: await ctx.chrome(request), subscriber }));
  });

  app.post<ById & { Body: Record<string, unknown> }>('/newsroom/subscribers/:id/erase', async (request, reply) => {
    if (request.body?.confirm !== 'yes')
      throw invalid('VALIDATION_FAILED', 'Tick the box to confirm the erasure, then press the button again.');
    await admin.erase(ctx.session(request).actor, request.params.id, request.ip);
    return reply.redirect('/newsroom/subscribers?erased=1', 303);
  });
}
