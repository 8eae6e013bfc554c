import type { FastifyInstance } from 'fastify';
import { tagAnswer } from '../surrogate-keys.js';
import { gone, notFound } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import type { ArticleCard } from '../../domain/articles/index.js';

/** How many stories "More stories" shows. */
const MORE_STORIES = 4;
import { ArticlePage } from './article.page.js';
import { loadChrome, redirectToCanonical, slugParam, type ReaderDeps } from './reader-context.js';

/** `/:section/:slug`: the article page; a wrong section answers 301, a withdrawn article 410. */
export async function articleRoutes(app: FastifyInstance, deps: ReaderDeps) {
  const reads = deps.services.articleReader;

  /** "More stories": the related ones worked out on publication, topped up with the section's newest. */
  async function storiesAfter(articleId: string, sectionId: string): Promise<ArticleCard[]> {
    const [relatedIds, newest] = await Promise.all([
      deps.services.related.forArticle(articleId, MORE_STORIES),
      reads.bySection(sectionId, { page: 1, perPage: MORE_STORIES }, articleId),
    ]);
    const related = await reads.cardsByIds(relatedIds);
    const shown = new Set(related.map((c) => c.id));
    return [...related, ...newest.items.filter((c) => !shown.has(c.id))].slice(0, MORE_STORIES);
  }
  app.get<{ Params: { section: string; slug: string } }>('/:section/:slug', { config: { pageCache: 'single' } }, async (request, reply) => {
    slugParam(request.params.section);
    const found = await reads.findBySlug(slugParam(request.params.slug));
    if (found.status === 'missing') throw notFound('ARTICLE_NOT_FOUND', 'We could not find that story.');
    if (found.status === 'unpublished') throw gone('ARTICLE_WITHDRAWN', 'This story has been withdrawn.');
    const article = found.article;
    if (redirectToCanonical(request, reply, article.path)) return reply;
    const [chrome, moreStories] = await Promise.all([loadChrome(deps), storiesAfter(article.id, article.sectionId)]);
    // The page names what it shows: its own story and its section in its headers; for the page
    // cache also its "More stories" list, the stories on it, and its topics (a new story on one
    // may join that list). A CDN keeps a page a minute at most, so its headers stay short.
    tagAnswer(reply, [`article:${article.id}`, `section:${article.sectionId}`], moreStories, [
      `related:${article.id}`,
      ...article.topics.map((t) => `topic:${t.id}` as const),
    ]);
    return sendPage(reply, ArticlePage({ chrome, article, moreStories }));
  });
}
