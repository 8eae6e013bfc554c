import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { notFound } from '../../kernel/errors.js';
import type { DomainEvent } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import type { Logger } from '../../kernel/logger.js';
import { assertPublicUrl, postChecked, type OutboundPolicy } from '../../kernel/outbound.js';
import { parseInput } from '../../kernel/validation.js';
import type { JobQueue } from '../../jobs/index.js';
import { assertCan, type Actor } from '../access/index.js';
import type { ArticleReader, ArticleView } from '../articles/index.js';
import type { AuditService } from '../audit/index.js';
import type { Outbox } from '../outbox/index.js';
import {
  deleteWebhook,
  findDelivery,
  findWebhook,
  insertDelivery,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  recordAttempt,
} from './webhook.repository.js';
import { WEBHOOK_EVENTS, type DeliveryStatus, type WebhookEvent, type WebhooksTable } from './webhooks.table.js';

/** The job that makes one delivery (retried with the runner's backoff: 30 s, 1 min, 2 min … an hour). */
export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';
/** Attempts before a delivery is given up: about four hours of trying with the runner's backoff. */
const MAX_ATTEMPTS = 8;
/** How long a receiver has to answer. */
const TIMEOUT_MS = 10_000;

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
}

export interface WebhookDelivery {
  id: string;
  event: WebhookEvent;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastResponse: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

const webhookInput = z.object({
  url: z.string({ error: 'Give the address to send to.' }).trim().min(1, 'Give the address to send to.').max(2000),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: `may be ${WEBHOOK_EVENTS.join(', ')}` }))
    .min(1, 'Choose at least one event.')
    .transform((events) => [...new Set(events)]),
});

/**
 * The signature a receiver checks: HMAC-SHA256, keyed with the webhook's secret, over
 * "TIMESTAMP.BODY"; sent as `X-Despatch-Signature: t=TIMESTAMP,v1=HEX`. The timestamp lets a
 * receiver refuse an old delivery replayed at it.
 */
export function signDelivery(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const toWebhook = (r: WebhooksTable): Webhook => ({
  id: r.webhook_id,
  url: r.url,
  events: JSON.parse(r.events) as WebhookEvent[],
  createdAt: r.created_at,
});

/**
 * Webhooks: admins register addresses for article events; each event makes one delivery per
 * webhook, signed and retried by the job runner, its every attempt logged with the answer.
 * Addresses are checked when saved and again on every send (`kernel/outbound.ts`).
 */
export function createWebhookService(deps: {
  db: Executor;
  clock: Clock;
  outbox: Outbox;
  audit: AuditService;
  jobs: JobQueue;
  reader: ArticleReader;
  siteUrl: string;
  log: Logger;
  /** Loopback allowed as a target: tests and local development only (WEBHOOKS_ALLOW_LOOPBACK). */
  outbound?: OutboundPolicy;
}) {
  const policy = deps.outbound ?? {};

  /** The article as the content API shows it, for a payload. */
  function articleJson(a: Pick<ArticleView, 'id' | 'path' | 'headline' | 'section' | 'topics' | 'publishedAt' | 'updatedAt'>) {
    return {
      id: a.id,
      url: deps.siteUrl + a.path,
      headline: a.headline,
      section: { name: a.section.name, slug: a.section.slug, url: deps.siteUrl + a.section.path },
      topics: a.topics.map((t) => ({ name: t.name, slug: t.slug, url: deps.siteUrl + t.path })),
      publishedAt: a.publishedAt,
      updatedAt: a.updatedAt,
    };
  }

  return {
    /** Registers an address for some events (admins); the secret that signs deliveries is returned here and on the list. */
    async createWebhook(actor: Actor, raw: { url: unknown; events: unknown }): Promise<Webhook & { secret: string }> {
      assertCan(actor, 'api.manage');
      const input = parseInput(webhookInput, raw);
      const url = (await assertPublicUrl(input.url, policy)).href;
      const row: WebhooksTable = {
        webhook_id: newId(),
        url,
        events: JSON.stringify(input.events),
        secret: `whsec_${randomBytes(24).toString('base64url')}`,
        created_at: deps.clock.now().toISOString(),
        created_by: actor.kind === 'staff' ? actor.id : actor.name,
      };
      await deps.outbox.transaction(async (tx) => {
        await insertWebhook(tx.db, row);
        await deps.audit.record(tx, {
          actor,
          action: 'webhook.created',
          subject: { type: 'webhook', id: row.webhook_id },
          summary: `Registered a webhook to ${new URL(url).host} for ${input.events.join(', ')}`,
        });
      });
      return { ...toWebhook(row), secret: row.secret };
    },

    async listWebhooks(actor: Actor): Promise<Array<Webhook & { secret: string }>> {
      assertCan(actor, 'api.manage');
      return (await listWebhooks(deps.db)).map((r) => ({ ...toWebhook(r), secret: r.secret }));
    },

    async removeWebhook(actor: Actor, webhookId: string): Promise<void> {
      assertCan(actor, 'api.manage');
      await deps.outbox.transaction(async (tx) => {
        const row = await findWebhook(tx.db, webhookId);
        if (!row || !(await deleteWebhook(tx.db, webhookId))) throw notFound('WEBHOOK_NOT_FOUND', 'No such webhook.');
        await deps.audit.record(tx, {
          actor,
          action: 'webhook.removed',
          subject: { type: 'webhook', id: webhookId },
          summary: `Removed the webhook to ${new URL(row.url).host}`,
        });
      });
    },

    /** A webhook's latest deliveries, newest first, with each one's last answer. */
    async deliveries(actor: Actor, webhookId: string, limit = 50): Promise<WebhookDelivery[]> {
      assertCan(actor, 'api.manage');
      if (!(await findWebhook(deps.db, webhookId))) throw notFound('WEBHOOK_NOT_FOUND', 'No such webhook.');
      return (await listDeliveries(deps.db, webhookId, limit)).map((d) => ({
        id: d.delivery_id,
        event: d.event,
        status: d.status,
        attempts: d.attempts,
        lastStatus: d.last_status,
        lastResponse: d.last_response,
        lastError: d.last_error,
        createdAt: d.created_at,
        updatedAt: d.updated_at,
      }));
    },

    /**
     * Turns an article event into one delivery per webhook that asked for it, each with its
     * body fixed now (so every retry sends, and signs, the same bytes). Edits of drafts are
     * not news: `article.updated` goes out only for published articles.
     */
    async onEvent(event: DomainEvent): Promise<number> {
      if (!(WEBHOOK_EVENTS as readonly string[]).includes(event.type) || !('articleId' in event)) return 0;
      const type = event.type as WebhookEvent;
      const hooks = (await listWebhooks(deps.db)).filter((h) => (JSON.parse(h.events) as string[]).includes(type));
      if (hooks.length === 0) return 0;
      const article =
        type === 'article.unpublished' ? await deps.reader.previewById(event.articleId) : await deps.reader.publishedById(event.articleId);
      if (!article) return 0;
      const now = deps.clock.now().toISOString();
      await deps.outbox.transaction(async (tx) => {
        for (const hook of hooks) {
          const deliveryId = newId();
          const payload = JSON.stringify({ event: type, deliveryId, occurredAt: now, article: articleJson(article) });
          await insertDelivery(tx.db, {
            delivery_id: deliveryId,
            webhook_id: hook.webhook_id,
            event: type,
            payload,
            status: 'pending',
            attempts: 0,
            last_status: null,
            last_response: null,
            last_error: null,
            created_at: now,
            updated_at: now,
          });
          await deps.jobs.enqueue(
            tx.db,
            { kind: WEBHOOK_DELIVER_JOB, payload: { deliveryId }, runAt: now, maxAttempts: MAX_ATTEMPTS },
            now,
          );
        }
      });
      return hooks.length;
    },

    /** One attempt at a delivery (the job's work): a 2xx answer delivers it; anything else throws, to be tried again. */
    async deliver(deliveryId: string): Promise<void> {
      const d = await findDelivery(deps.db, deliveryId);
      if (!d) return; // its webhook was removed
      const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
      const headers = {
        'user-agent': 'Despatch-Webhooks/1',
        'x-despatch-event': (JSON.parse(d.payload) as { event: string }).event,
        'x-despatch-delivery': deliveryId,
        'x-despatch-signature': signDelivery(d.secret, timestamp, d.payload),
      };
      const lastAttempt = d.attempts + 1 >= MAX_ATTEMPTS;
      const at = () => deps.clock.now().toISOString();
      try {
        const answer = await postChecked(d.url, d.payload, headers, { ...policy, timeoutMs: TIMEOUT_MS });
        const ok = answer.status >= 200 && answer.status < 300;
        await recordAttempt(deps.db, deliveryId, {
          status: ok ? 'delivered' : lastAttempt ? 'failed' : 'pending',
          last_status: answer.status,
          last_response: answer.body,
          last_error: ok ? null : `answered ${answer.status}`,
          updated_at: at(),
        });
        if (!ok) throw new Error(`webhook delivery ${deliveryId} answered ${answer.status}`);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (!/answered \d+$/.test(message))
          await recordAttempt(deps.db, deliveryId, {
            status: lastAttempt ? 'failed' : 'pending',
            last_status: null,
            last_response: null,
            last_error: message,
            updated_at: at(),
          });
        throw err;
      }
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
