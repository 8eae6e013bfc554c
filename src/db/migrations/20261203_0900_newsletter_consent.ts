import { sql, type Kysely } from 'kysely';

/**
 * The newsletter's sign-up and consent model: a subscriber's choices (sections, followed topics,
 * how often), single-use confirmation links kept as hashes, a consent record for each agreement,
 * a suppression list that holds only keyed hashes of addresses, and the site's signing keys.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('subscribers')
    .addColumn('frequency', 'text', (c) =>
      c
        .notNull()
        .defaultTo('weekly')
        .check(sql`frequency in ('daily', 'weekly')`),
    )
    .execute();
  // 1: an email when a followed topic gets a story (at most hourly); 0: followed topics go in the digest.
  await db.schema
    .alterTable('subscribers')
    .addColumn('topic_alerts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('subscribers').addColumn('signed_up_at', 'text').execute();
  await db.schema.alterTable('subscribers').addColumn('confirmed_at', 'text').execute();
  await db.schema.alterTable('subscribers').addColumn('paused_at', 'text').execute();
  await db.schema.alterTable('subscribers').addColumn('confirmation_sent_at', 'text').execute();
  await db
    .updateTable('subscribers')
    .set({ signed_up_at: sql`created_at` })
    .execute();

  await db.schema
    .createTable('subscriber_sections')
    .addColumn('subscriber_id', 'text', (c) => c.notNull().references('subscribers.subscriber_id').onDelete('cascade'))
    .addColumn('section_id', 'text', (c) => c.notNull().references('sections.section_id').onDelete('cascade'))
    .addPrimaryKeyConstraint('subscriber_sections_pk', ['subscriber_id', 'section_id'])
    .execute();
  await db.schema
    .createTable('subscriber_topics')
    .addColumn('subscriber_id', 'text', (c) => c.notNull().references('subscribers.subscriber_id').onDelete('cascade'))
    .addColumn('topic_id', 'text', (c) => c.notNull().references('topics.topic_id').onDelete('cascade'))
    .addColumn('followed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriber_topics_pk', ['subscriber_id', 'topic_id'])
    .execute();
  // A topic's followers are looked up when it gets a story.
  await db.schema.createIndex('subscriber_topics_by_topic').on('subscriber_topics').columns(['topic_id', 'subscriber_id']).execute();

  await db.schema
    .createTable('subscriber_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('subscriber_id', 'text', (c) => c.notNull().references('subscribers.subscriber_id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('confirm', 'change')`))
    // The choices a "change" link applies (JSON), as asked for when it was sent.
    .addColumn('choices', 'text')
    .addColumn('source_path', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('subscriber_tokens_by_subscriber').on('subscriber_tokens').column('subscriber_id').execute();

  await db.schema
    .createTable('subscriber_consents')
    .addColumn('consent_id', 'text', (c) => c.primaryKey())
    .addColumn('subscriber_id', 'text', (c) => c.notNull().references('subscribers.subscriber_id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull().check(sql`event in ('signed_up', 'confirmed', 'changed')`))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('source_path', 'text')
    .addColumn('wording', 'text', (c) => c.notNull())
    .addColumn('ip_hash', 'text')
    .execute();
  await db.schema.createIndex('subscriber_consents_by_subscriber').on('subscriber_consents').columns(['subscriber_id', 'at']).execute();

  await db.schema
    .createTable('newsletter_suppressions')
    .addColumn('address_hash', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('bounced', 'complained')`))
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('site_keys')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
