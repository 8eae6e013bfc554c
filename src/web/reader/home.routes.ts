import type { FastifyInstance } from 'fastify';
import { notFound } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import { HomePage } from './home.page.js';
import { loadChrome, pageNumber, type ReaderDeps } from './reader-context.js';

const PER_PAGE = 10;
const RAIL_LENGTH = 4;

/** `/`: the front page; `?page=N` pages through older stories. */
export async function homeRoutes(app: FastifyInstance, deps: ReaderDeps) {
  const reads = deps.services.articleReads;
  app.get('/', { config: { pageCache: 'paginated' } }, async (request, reply) => {
    const page = pageNumber(request.query);
    if (page === null) throw notFound('PAGE_NOT_FOUND', 'There is no such page.');
    const [chrome, latest, rails] = await Promise.all([
      loadChrome(deps),
      reads.latest({ page, perPage: PER_PAGE }),
      page === 1 ? deps.services.taxonomy.listSections().then((sections) => reads.sectionRails(sections, RAIL_LENGTH)) : Promise.resolve(new Map()),
    ]);
    if (page > 1 && latest.items.length === 0) throw notFound('PAGE_NOT_FOUND', 'There is no such page.');
    return sendPage(reply, HomePage({ chrome, latest, rails }));
  });
}
