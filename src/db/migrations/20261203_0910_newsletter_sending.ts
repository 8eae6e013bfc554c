import { sql, type Kysely } from 'kysely';

/**
 * Newsletter issues and their sending: an issue an editor composes, the recipients it was
 * sent to (snapshotted in one transaction when the send starts, one row each, with the state
 * of their message), and the processes sending (each with a heartbeat, so a dead one's
 * claims can be taken over and its message in flight listed as in doubt). A subscriber the
 * mail server refused for good is marked suppressed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscribers').addColumn('suppressed_at', 'text').execute();

  await db.schema
    .createTable('newsletter_issues')
    .addColumn('issue_id', 'text', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('daily', 'weekly')`))
    // The story at the top for everyone; null: the newest in the window.
    .addColumn('lead_article_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'scheduled', 'sending', 'sent')`))
    .addColumn('scheduled_at', 'text')
    // The window of stories: published at or after `since`, before the send started.
    .addColumn('since', 'text')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('recipient_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('newsletter_issues_by_status').on('newsletter_issues').columns(['status', 'started_at']).execute();

  await db.schema
    .createTable('newsletter_recipients')
    .addColumn('issue_id', 'text', (c) => c.notNull().references('newsletter_issues.issue_id').onDelete('cascade'))
    // Its order in the snapshot: batches are claimed in this order.
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('subscriber_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    // The subscriber's choices at the snapshot: section ids, topic ids (comma-separated), alerts or digest.
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('topic_alerts', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('queued', 'handing', 'sent', 'failed', 'bounced', 'in_doubt', 'dropped')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('message_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('newsletter_recipients_pk', ['issue_id', 'position'])
    .execute();
  await db.schema
    .createIndex('newsletter_recipients_by_state')
    .on('newsletter_recipients')
    .columns(['issue_id', 'state', 'position'])
    .execute();
  // Each sender's round looks for messages whose sender died mid-hand-over: few rows, any issue.
  await db.schema
    .createIndex('newsletter_recipients_handing')
    .on('newsletter_recipients')
    .column('state')
    .where('state', '=', 'handing')
    .execute();
  // Erasure removes a subscriber's rows from every issue.
  await db.schema.createIndex('newsletter_recipients_by_subscriber').on('newsletter_recipients').column('subscriber_id').execute();

  await db.schema
    .createTable('newsletter_senders')
    .addColumn('sender_id', 'text', (c) => c.primaryKey())
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .execute();
}
