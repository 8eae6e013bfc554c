import type { FastifyInstance } from 'fastify';
import { sendPage } from '../render.js';
import type { NewsroomContext } from './newsroom.plugin.js';
import { OverviewPage } from './overview.page.js';

/** `/newsroom`: where a member of staff lands after signing in. */
export async function overviewRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  app.get('/newsroom', async (request, reply) => {
    ctx.session(request);
    return sendPage(reply, OverviewPage({ chrome: await ctx.chrome(request) }));
  });
}
