import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAppError, notFound } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import {
  IntegrationsPage,
  KeyIssuedPage,
  WebhookAddedPage,
  WebhookDeliveriesPage,
  type KeyForm,
  type WebhookForm,
} from './integrations.page.js';
import type { NewsroomContext } from './newsroom.plugin.js';

type Form = { Body: Record<string, unknown> };
type ById = Form & { Params: { id: string } };
const text = (v: unknown) => (typeof v === 'string' ? v : '');
/** A group of checkboxes arrives as nothing, one string, or a list of them. */
const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

const NOTICES: Record<string, string> = {
  revoked: 'Key revoked: it stopped working at once.',
  removed: 'Webhook removed: nothing more is sent there.',
};

/** How many deliveries a webhook's page shows: the latest are what tell whether a receiver is well. */
const DELIVERIES_SHOWN = 50;

/** The service names a bad event by its place in the list (`events.1`); the form has one field for them all. */
function formErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) out[path.startsWith('events') ? 'events' : path] ??= message;
  return out;
}

/** `/newsroom/integrations`: content API keys and webhooks (admins; the services refuse everyone else). */
export async function integrationsRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  const { apiKeys, webhooks } = ctx.services;
  const home = '/newsroom/integrations';

  /** The page as stored, with a notice, or (422) a form that came back with what was typed. */
  const page = async (request: FastifyRequest, extra: Omit<Parameters<typeof IntegrationsPage>[0], 'chrome' | 'keys' | 'webhooks'>) => {
    const actor = ctx.session(request).actor;
    const [keys, hooks] = await Promise.all([apiKeys.listKeys(actor), webhooks.listWebhooks(actor)]);
    return IntegrationsPage({ chrome: await ctx.chrome(request), keys, webhooks: hooks, ...extra });
  };

  app.get<{ Querystring: { done?: string } }>(home, async (request, reply) =>
    sendPage(reply, await page(request, { notice: NOTICES[request.query.done ?? ''] })),
  );

  app.post<Form>(`${home}/keys`, async (request, reply) => {
    const keyForm: KeyForm = { name: text(request.body.name), api: text(request.body.api) === 'ghost' ? 'ghost' : 'content' };
    try {
      const made = await apiKeys.createKey(ctx.session(request).actor, keyForm.name, { ghost: keyForm.api === 'ghost' });
      // Answered here rather than after a redirect: the key exists nowhere else to be shown from.
      return sendPage(
        reply,
        KeyIssuedPage({ chrome: await ctx.chrome(request), apiKey: made.apiKey, keyValue: made.key, siteUrl: ctx.siteUrl }),
      );
    } catch (err) {
      if (!isAppError(err) || err.code !== 'VALIDATION_FAILED') throw err;
      return sendPage(reply, await page(request, { keyForm, keyErrors: err.fields }), err.status);
    }
  });

  app.post<ById>(`${home}/keys/:id/revoke`, async (request, reply) => {
    await apiKeys.revokeKey(ctx.session(request).actor, request.params.id);
    return reply.redirect(`${home}?done=revoked`, 303);
  });

  app.post<Form>(`${home}/webhooks`, async (request, reply) => {
    const webhookForm: WebhookForm = { url: text(request.body.url), events: list(request.body.events) };
    try {
      const webhook = await webhooks.createWebhook(ctx.session(request).actor, webhookForm);
      return sendPage(reply, WebhookAddedPage({ chrome: await ctx.chrome(request), webhook }));
    } catch (err) {
      if (!isAppError(err) || (err.code !== 'VALIDATION_FAILED' && err.code !== 'URL_NOT_ALLOWED')) throw err;
      // A refused address's reason (which address, and why) is the useful part: it goes beside the field.
      const errors = err.code === 'URL_NOT_ALLOWED' ? { url: err.message } : formErrors(err.fields);
      return sendPage(reply, await page(request, { webhookForm, webhookErrors: errors }), err.status);
    }
  });

  app.post<ById>(`${home}/webhooks/:id/remove`, async (request, reply) => {
    await webhooks.removeWebhook(ctx.session(request).actor, request.params.id);
    return reply.redirect(`${home}?done=removed`, 303);
  });

  app.get<{ Params: { id: string } }>(`${home}/webhooks/:id`, async (request, reply) => {
    const actor = ctx.session(request).actor;
    // The deliveries first: they refuse a non-admin and an unknown webhook before anything else is read.
    const deliveries = await webhooks.deliveries(actor, request.params.id, DELIVERIES_SHOWN);
    const webhook = (await webhooks.listWebhooks(actor)).find((h) => h.id === request.params.id);
    if (!webhook) throw notFound('WEBHOOK_NOT_FOUND', 'No such webhook.');
    return sendPage(reply, WebhookDeliveriesPage({ chrome: await ctx.chrome(request), webhook, deliveries }));
  });
}
