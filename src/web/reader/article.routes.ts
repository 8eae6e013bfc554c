import type { FastifyInstance } from 'fastify';
import { tagAnswer } from '../surrogate-keys.js';
import { gone, notFound } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import { ArticlePage } from './article.page.js';
import { loadChrome, redirectToCanonical, slugParam, type ReaderDeps } from './reader-context.js';

/** `/:section/:slug`: the article page; a wrong section answers 301, a withdrawn article 410. */
export async function articleRoutes(app: FastifyInstance, deps: ReaderDeps) {
  const reads = deps.services.articleReader;
  app.get<{ Params: { section: string; slug: string } }>('/:section/:slug', { config: { pageCache: 'single' } }, async (request, reply) => {
    slugParam(request.params.section);
    const found = await reads.findBySlug(slugParam(request.params.slug));
    if (found.status === 'missing') throw notFound('ARTICLE_NOT_FOUND', 'We could not find that story.');
    if (found.status === 'unpublished') throw gone('ARTICLE_WITHDRAWN', 'This story has been withdrawn.');
    const article = found.article;
    if (redirectToCanonical(request, reply, article.path)) return reply;
    const [chrome, more] = await Promise.all([loadChrome(deps), reads.bySection(article.sectionId, { page: 1, perPage: 4 }, article.id)]);
    tagAnswer(reply, [`article:${article.id}`, `section:${article.sectionId}`]);
    return sendPage(reply, ArticlePage({ chrome, article, moreFromSection: more.items }));
  });
}
