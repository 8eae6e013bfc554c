import type { FastifyInstance } from 'fastify';
import { sendPage } from '../render.js';
import type { NewsroomContext } from './newsroom.plugin.js';
import { OutboxMessagePage, OutboxPage } from './outbox.page.js';

type ByName = { Params: { name: string } };

/**
 * A message's HTML part is shown in a frame under this policy: no script, no plugin, no form,
 * nothing fetched but pictures; `sandbox` gives it an origin of its own.
 */
const MAIL_HTML_POLICY = "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

/** `/newsroom/outbox` (admins): the mail written when no SMTP server is set. The service refuses everyone else. */
export async function outboxRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  const sentMail = ctx.services.sentMail;

  app.get('/newsroom/outbox', async (request, reply) => {
    const messages = await sentMail.list(ctx.session(request).actor);
    return sendPage(reply, OutboxPage({ chrome: await ctx.chrome(request), usesOutbox: sentMail.usesOutbox, messages }));
  });

  app.get<ByName>('/newsroom/outbox/:name', async (request, reply) => {
    const message = await sentMail.read(ctx.session(request).actor, request.params.name);
    // Messages hold one-time links: keep them out of Referer headers.
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, OutboxMessagePage({ chrome: await ctx.chrome(request), message }));
  });

  app.get<ByName>('/newsroom/outbox/:name/html', async (request, reply) => {
    const message = await sentMail.read(ctx.session(request).actor, request.params.name);
    return reply
      .header('content-security-policy', MAIL_HTML_POLICY)
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(message.html ?? '');
  });

  app.get<ByName>('/newsroom/outbox/:name/raw', async (request, reply) => {
    const raw = await sentMail.raw(ctx.session(request).actor, request.params.name);
    return reply.type('message/rfc822').header('content-disposition', `attachment; filename="${request.params.name}"`).send(raw);
  });
}
