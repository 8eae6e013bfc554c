import type { FastifyInstance } from 'fastify';
import { tagAnswer } from '../surrogate-keys.js';
import { sendPage } from '../render.js';
import { CorrectionsPage } from './corrections.page.js';
import { listingPage, loadChrome, type ReaderDeps } from './reader-context.js';

const PER_PAGE = 20;

/** `/corrections`: every correction to a published story, newest first, paginated. */
export async function correctionsRoutes(app: FastifyInstance, deps: ReaderDeps) {
  app.get('/corrections', { config: { pageCache: 'paginated' } }, async (request, reply) => {
    const [chrome, corrections] = await Promise.all([
      loadChrome(deps),
      listingPage(request.query, (page) => deps.services.articles.listCorrections({ page, perPage: PER_PAGE })),
    ]);
    tagAnswer(reply, ['corrections']);
    return sendPage(reply, CorrectionsPage({ chrome, corrections }));
  });
}
