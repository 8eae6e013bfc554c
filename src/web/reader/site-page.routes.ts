import type { FastifyInstance } from 'fastify';
import { tagAnswer } from '../surrogate-keys.js';
import { renderBody } from '../../domain/articles/index.js';
import { SITE_PAGE_SLUGS } from '../../domain/site/index.js';
import { sendPage } from '../render.js';
import { loadChrome, type ReaderDeps } from './reader-context.js';
import { SitePageView } from './site-page.page.js';

/** `/about`, `/contact`, `/privacy`, `/terms`: the outlet's own pages, linked from every footer. */
export async function sitePageRoutes(app: FastifyInstance, deps: ReaderDeps) {
  for (const slug of SITE_PAGE_SLUGS)
    app.get(`/${slug}`, { config: { pageCache: 'single' } }, async (_request, reply) => {
      const [chrome, page] = await Promise.all([loadChrome(deps), deps.services.site.getPage(slug)]);
      tagAnswer(reply, [`page:${slug}`]);
      // The same renderer as article bodies: Markdown, raw HTML shown as text.
      return sendPage(reply, SitePageView({ chrome, page, bodyHtml: renderBody(page.bodyMarkdown) }));
    });
}
