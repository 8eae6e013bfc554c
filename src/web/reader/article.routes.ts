import type { FastifyInstance } from 'fastify';
import { gone, notFound } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import { ArticlePage } from './article.page.js';
import { loadChrome, type ReaderDeps } from './reader-context.js';

/** `/:section/:slug`: the article page; a wrong section answers 301, a withdrawn article 410. */
export async function articleRoutes(app: FastifyInstance, deps: ReaderDeps) {
  const reads = deps.services.articleReads;
  app.get<{ Params: { section: string; slug: string } }>('/:section/:slug', { config: { pageCache: true } }, async (request, reply) => {
    const { section, slug } = request.params;
    const found = await reads.findBySlug(slug);
    if (found.status === 'missing') throw notFound('ARTICLE_NOT_FOUND', 'We could not find that story.');
    if (found.status === 'unpublished') throw gone('ARTICLE_WITHDRAWN', 'This story has been withdrawn.');
    const article = found.article;
    if (article.section.slug !== section) return reply.redirect(article.path, 301);
    const [chrome, more] = await Promise.all([loadChrome(deps), reads.bySection(article.sectionId, { page: 1, perPage: 4 }, article.id)]);
    return sendPage(reply, ArticlePage({ chrome, article, moreFromSection: more.items }));
  });
}
