import type { FastifyInstance } from 'fastify';
import { isAppError } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import { NewsletterFormPage, NewsletterThanksPage } from './newsletter.page.js';
import { loadChrome, type ReaderDeps } from './reader-context.js';

/** `POST /newsletter` from every article's form; a thank-you page that reveals nothing. */
export async function newsletterRoutes(app: FastifyInstance, deps: ReaderDeps) {
  app.post<{ Body: Record<string, unknown> }>(
    '/newsletter',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = request.body ?? {};
      const email = typeof body.email === 'string' ? body.email : '';
      const rawSource = typeof body.source === 'string' ? body.source : '';
      const source = /^\/(?!\/)[^\s]{0,499}$/.test(rawSource) ? rawSource : '/';
      try {
        await deps.services.subscribers.subscribe({ email, sourcePath: source });
      } catch (err) {
        if (!isAppError(err, 'Validation')) throw err;
        const chrome = await loadChrome(deps);
        const error = err.fields.email ?? err.message;
        return sendPage(reply, NewsletterFormPage({ chrome, email, error, source }), 422);
      }
      // Post/redirect/get: a reload does not send the form again.
      return reply.redirect('/newsletter/thanks', 303);
    },
  );

  app.get('/newsletter', { config: { pageCache: 'single' } }, async (_request, reply) => {
    return sendPage(reply, NewsletterFormPage({ chrome: await loadChrome(deps), source: '/newsletter' }));
  });

  app.get('/newsletter/thanks', { config: { pageCache: 'single' } }, async (_request, reply) => {
    return sendPage(reply, NewsletterThanksPage({ chrome: await loadChrome(deps) }));
  });
}
