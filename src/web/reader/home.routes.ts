import type { FastifyInstance } from 'fastify';
import { tagAnswer } from '../surrogate-keys.js';
import { sendPage } from '../render.js';
import { HomePage } from './home.page.js';
import { listingPage, loadChrome, pageNumber, type ReaderDeps } from './reader-context.js';

// A grid of 12 fills rows of 1, 2, 3 or 4 cards; the first page has the lead above it.
const PER_PAGE = 12;
const LEAD = 1;
const RAIL_LENGTH = 4;

/** `/`: the front page; `?page=N` pages through older stories. */
export async function homeRoutes(app: FastifyInstance, deps: ReaderDeps) {
  const reads = deps.services.articleReader;
  app.get('/', { config: { pageCache: 'paginated' } }, async (request, reply) => {
    const first = pageNumber(request.query) === 1;
    const [chrome, latest, rails] = await Promise.all([
      loadChrome(deps),
      listingPage(request.query, (page) => reads.latest({ page, perPage: PER_PAGE, firstPageExtra: LEAD })),
      first
        ? // Enough per section that a full rail is left once the stories above it are taken out.
          deps.services.taxonomy.listSections().then((sections) => reads.sectionRails(sections, RAIL_LENGTH + PER_PAGE + LEAD))
        : Promise.resolve(new Map()),
    ]);
    tagAnswer(reply, ['home'], [...latest.items, ...[...rails.values()].flat()]);
    return sendPage(reply, HomePage({ chrome, latest, rails, railLength: RAIL_LENGTH }));
  });
}
