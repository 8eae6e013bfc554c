import type { FastifyInstance } from 'fastify';
import { gone } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import { ArticlePage } from './article.page.js';
import { loadChrome, type ReaderDeps } from './reader-context.js';

/**
 * `/preview/:token`: an unpublished article as its page will look, for the holder of a
 * preview link. Never cached (no pageCache config, and no-store for browsers and proxies) and
 * never indexed; an expired or revoked link answers 410.
 */
export async function previewRoutes(app: FastifyInstance, deps: ReaderDeps) {
  app.get<{ Params: { token: string } }>('/preview/:token', async (request, reply) => {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer');
    const article = await deps.services.previewLinks.open(request.params.token);
    if (!article) throw gone('LINK_INVALID', 'This preview link has expired or been revoked. Ask the newsroom for a new one.');
    const chrome = await loadChrome(deps);
    return sendPage(reply, ArticlePage({ chrome, article, moreStories: [], preview: true }));
  });
}
