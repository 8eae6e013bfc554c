import type { Kysely } from 'kysely';

/**
 * Topic alerts: a new story on a topic a subscriber follows (with alerts chosen) waits here
 * until their next alert email, at most one an hour each.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscribers').addColumn('last_alert_at', 'text').execute();
  await db.schema
    .createTable('newsletter_alert_items')
    .addColumn('subscriber_id', 'text', (c) => c.notNull().references('subscribers.subscriber_id').onDelete('cascade'))
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    // Set when the alert carrying it is handed over (before, so a crash never repeats one).
    .addColumn('sent_at', 'text')
    .addPrimaryKeyConstraint('newsletter_alert_items_pk', ['subscriber_id', 'article_id'])
    .execute();
  await db.schema
    .createIndex('newsletter_alert_items_waiting')
    .on('newsletter_alert_items')
    .columns(['sent_at', 'subscriber_id'])
    .execute();
}
