import type { Executor } from '../../db/schema.js';
import type { WebhookDeliveriesTable, WebhooksTable } from './webhooks.table.js';

export async function insertWebhook(ex: Executor, row: WebhooksTable): Promise<void> {
  await ex.insertInto('webhooks').values(row).execute();
}

export function listWebhooks(ex: Executor) {
  return ex.selectFrom('webhooks').selectAll().orderBy('created_at').orderBy('webhook_id').execute();
}

export function findWebhook(ex: Executor, webhookId: string) {
  return ex.selectFrom('webhooks').selectAll().where('webhook_id', '=', webhookId).executeTakeFirst();
}

export async function deleteWebhook(ex: Executor, webhookId: string): Promise<boolean> {
  await ex.deleteFrom('webhook_deliveries').where('webhook_id', '=', webhookId).execute();
  const result = await ex.deleteFrom('webhooks').where('webhook_id', '=', webhookId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertDelivery(ex: Executor, row: WebhookDeliveriesTable): Promise<void> {
  await ex.insertInto('webhook_deliveries').values(row).execute();
}

export function findDelivery(ex: Executor, deliveryId: string) {
  return ex
    .selectFrom('webhook_deliveries')
    .innerJoin('webhooks', 'webhooks.webhook_id', 'webhook_deliveries.webhook_id')
    .select([
      'webhook_deliveries.delivery_id',
      'webhook_deliveries.payload',
      'webhook_deliveries.attempts',
      'webhooks.url',
      'webhooks.secret',
    ])
    .where('webhook_deliveries.delivery_id', '=', deliveryId)
    .executeTakeFirst();
}

export async function recordAttempt(
  ex: Executor,
  deliveryId: string,
  set: Pick<WebhookDeliveriesTable, 'status' | 'last_status' | 'last_response' | 'last_error' | 'updated_at'>,
): Promise<void> {
  await ex
    .updateTable('webhook_deliveries')
    .set((eb) => ({ ...set, attempts: eb('attempts', '+', 1) }))
    .where('delivery_id', '=', deliveryId)
    .execute();
}

export function listDeliveries(ex: Executor, webhookId: string, limit: number) {
  return ex
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('created_at', 'desc')
    .orderBy('delivery_id')
    .limit(limit)
    .execute();
}

/** What an article's pages are filed under: its section and series, topics and authors, and whether it has corrections. */
export async function articleRelations(ex: Executor, articleId: string) {
  const article = await ex
    .selectFrom('articles')
    .select(['section_id', 'series_id', 'status'])
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  if (!article) return null;
  const [topics, authors, corrections] = await Promise.all([
    ex.selectFrom('article_topics').select('topic_id').where('article_id', '=', articleId).execute(),
    ex.selectFrom('article_authors').select('author_id').where('article_id', '=', articleId).execute(),
    ex
      .selectFrom('article_notes')
      .select('note_id')
      .where('article_id', '=', articleId)
      .where('kind', '=', 'correction')
      .limit(1)
      .execute(),
  ]);
  return {
    status: article.status,
    sectionId: article.section_id,
    seriesId: article.series_id,
    topicIds: topics.map((t) => t.topic_id),
    authorIds: authors.map((a) => a.author_id),
    hasCorrections: corrections.length > 0,
  };
}
