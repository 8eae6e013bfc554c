import { sql } from 'kysely';
import type { Executor } from '../../db/schema.js';
import type { NewsletterRecipientsTable, RecipientState } from './issues.table.js';

/**
 * The recipients of a send, and every change of a message's state. Each change is one
 * conditional statement naming the sender that holds the row, so a sender that lost its
 * claim (its heartbeat stopped, another took over) changes nothing.
 */

/** The database, where the SQL differs (aggregation, SKIP LOCKED). */
export type Dialect = 'sqlite' | 'postgres';

/** States a message can still leave by being sent. */
export const OPEN_STATES: RecipientState[] = ['queued', 'handing'];

/**
 * Snapshots the audience into one row per recipient, inside the caller's transaction: the
 * confirmed, unpaused, unsuppressed subscribers of that frequency, with their choices as they
 * are now. Returns how many.
 */
export async function snapshotRecipients(
  ex: Executor,
  dialect: Dialect,
  issueId: string,
  audience: 'daily' | 'weekly',
  now: string,
): Promise<number> {
  const pg = dialect === 'postgres';
  const concat = (column: string, table: string, ordered: string) =>
    pg
      ? sql.raw(
          `coalesce((select string_agg(${column}, ',' order by ${ordered}) from ${table} x where x.subscriber_id = s.subscriber_id), '')`,
        )
      : sql.raw(
          `coalesce((select group_concat(${column}, ',') from (select ${column} from ${table} x where x.subscriber_id = s.subscriber_id order by ${ordered})), '')`,
        );
  await sql`
    insert into newsletter_recipients
      (issue_id, position, subscriber_id, email, sections, topics, topic_alerts, state, attempts, next_attempt_at, updated_at)
    select ${issueId}, row_number() over (order by s.subscriber_id), s.subscriber_id, s.email,
      ${concat('section_id', 'subscriber_sections', 'section_id')}, ${concat('topic_id', 'subscriber_topics', 'topic_id')},
      s.topic_alerts, 'queued', 0, ${now}, ${now}
    from subscribers s
    where s.status = 'confirmed' and s.paused_at is null and s.suppressed_at is null and s.frequency = ${audience}`.execute(ex);
  const row = await ex
    .selectFrom('newsletter_recipients')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('issue_id', '=', issueId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Takes up to `limit` queued messages of an issue that are due and held by no live sender.
 * One statement on both databases; on PostgreSQL `FOR UPDATE SKIP LOCKED` lets several
 * instances claim side by side without waiting on each other. SQLite has one writer at a time.
 */
export async function claimRecipients(
  ex: Executor,
  dialect: Dialect,
  q: { issueId: string; senderId: string; now: string; liveSince: string; limit: number },
): Promise<NewsletterRecipientsTable[]> {
  const due = sql`
    select position from newsletter_recipients
    where issue_id = ${q.issueId} and state = 'queued' and next_attempt_at <= ${q.now}
      and (claimed_by is null or claimed_by not in (select sender_id from newsletter_senders where heartbeat_at >= ${q.liveSince}))
    order by position
    limit ${q.limit}`;
  // PostgreSQL: the batch is picked once, in a CTE. Written as `position in (subquery)`, the
  // planner may run the locking subquery once per row as a semi-join, each run skipping the
  // rows the last one locked: the LIMIT no longer holds and one sender claims the whole send.
  const result =
    dialect === 'postgres'
      ? await sql<NewsletterRecipientsTable>`
          with picked as materialized (${due} for update skip locked)
          update newsletter_recipients r set claimed_by = ${q.senderId}
          from picked
          where r.issue_id = ${q.issueId} and r.position = picked.position and r.state = 'queued'
          returning r.*`.execute(ex)
      : await sql<NewsletterRecipientsTable>`
          update newsletter_recipients set claimed_by = ${q.senderId}
          where issue_id = ${q.issueId} and position in (${due}) and state = 'queued'
          returning *`.execute(ex);
  return result.rows.sort((a, b) => Number(a.position) - Number(b.position));
}

type Key = { issueId: string; position: number; senderId: string };

async function move(ex: Executor, k: Key, from: RecipientState[], set: Partial<NewsletterRecipientsTable>): Promise<boolean> {
  const result = await ex
    .updateTable('newsletter_recipients')
    .set(set)
    .where('issue_id', '=', k.issueId)
    .where('position', '=', k.position)
    .where('claimed_by', '=', k.senderId)
    .where('state', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** About to hand the message to the SMTP server: committed first, so a crash from here on lists it as in doubt. */
export const markHanding = (ex: Executor, k: Key, now: string) => move(ex, k, ['queued'], { state: 'handing', updated_at: now });

/** The server took it. (A sender whose row was meanwhile listed in doubt still knows it was taken.) */
export const markSent = (ex: Executor, k: Key, messageId: string, now: string) =>
  move(ex, k, ['handing', 'in_doubt'], { state: 'sent', message_id: messageId, last_error: null, updated_at: now });

/**
 * One lane's step in one statement (one commit): the message just taken by the server is
 * `sent`, and the next is `handing`. Returns whether the next one is still this sender's.
 * The order of the writes is what makes a crash safe, and one statement keeps the order
 * while halving the commits a message costs.
 */
export async function advance(
  ex: Executor,
  k: { issueId: string; senderId: string },
  sent: { position: number; messageId: string } | null,
  hand: number,
  now: string,
): Promise<boolean> {
  if (!sent) return markHanding(ex, { ...k, position: hand }, now);
  const result = await sql<{ position: number; state: RecipientState }>`
    update newsletter_recipients set
      state = case when position = ${hand} then 'handing' else 'sent' end,
      message_id = case when position = ${hand} then message_id else ${sent.messageId} end,
      last_error = case when position = ${hand} then last_error else null end,
      updated_at = ${now}
    where issue_id = ${k.issueId} and position in (${hand}, ${sent.position}) and claimed_by = ${k.senderId}
      and ((position = ${hand} and state = 'queued') or (position = ${sent.position} and state in ('handing', 'in_doubt')))
    returning position, state`.execute(ex);
  return result.rows.some((r) => Number(r.position) === hand && r.state === 'handing');
}

/** A 4xx or a dropped connection: queued again for later, released for any sender. */
export const markRetry = (ex: Executor, k: Key, error: string, attempts: number, nextAt: string, now: string) =>
  move(ex, k, ['handing', 'in_doubt'], {
    state: 'queued',
    attempts,
    next_attempt_at: nextAt,
    claimed_by: null,
    last_error: error,
    updated_at: now,
  });

/** A final failure: refused for good (`bounced`), or out of attempts (`failed`). */
export const markFinal = (ex: Executor, k: Key, state: 'bounced' | 'failed', error: string, attempts: number, now: string) =>
  move(ex, k, ['handing', 'in_doubt'], { state, attempts, last_error: error, updated_at: now });

/** A message not sent at all because the address was suppressed after the snapshot. */
export const markSkipped = (ex: Executor, k: Key, now: string) =>
  move(ex, k, ['queued'], { state: 'dropped', last_error: 'The address was suppressed after the send started.', updated_at: now });

/** Gives back the queued rows a stopping sender holds. */
export async function releaseClaims(ex: Executor, senderId: string): Promise<void> {
  await ex
    .updateTable('newsletter_recipients')
    .set({ claimed_by: null })
    .where('claimed_by', '=', senderId)
    .where('state', '=', 'queued')
    .execute();
}

/** Messages whose sender died while handing them over: the server may or may not have them. */
export async function markInDoubt(ex: Executor, liveSince: string, now: string): Promise<number> {
  const result = await sql`
    update newsletter_recipients set state = 'in_doubt', updated_at = ${now}
    where state = 'handing'
      and (claimed_by is null or claimed_by not in (select sender_id from newsletter_senders where heartbeat_at >= ${liveSince}))`.execute(
    ex,
  );
  return Number(result.numAffectedRows ?? 0);
}

/** Counts of an issue's messages by state. */
export async function countByState(ex: Executor, issueId: string): Promise<Record<RecipientState, number>> {
  const rows = await ex
    .selectFrom('newsletter_recipients')
    .select(['state', (eb) => eb.fn.countAll().as('n')])
    .where('issue_id', '=', issueId)
    .groupBy('state')
    .execute();
  const counts: Record<RecipientState, number> = { queued: 0, handing: 0, sent: 0, failed: 0, bounced: 0, in_doubt: 0, dropped: 0 };
  for (const r of rows) counts[r.state] = Number(r.n);
  return counts;
}

/** The messages listed in doubt, for the editor to resend or drop. */
export function inDoubt(ex: Executor, issueId: string, limit = 200) {
  return ex
    .selectFrom('newsletter_recipients')
    .select(['position', 'email', 'updated_at'])
    .where('issue_id', '=', issueId)
    .where('state', '=', 'in_doubt')
    .orderBy('position')
    .limit(limit)
    .execute();
}

/** An editor's decision on the in-doubt messages: queue them again, or drop them. */
export async function resolveInDoubt(ex: Executor, issueId: string, decision: 'resend' | 'drop', now: string): Promise<number> {
  const result = await ex
    .updateTable('newsletter_recipients')
    .set(
      decision === 'resend'
        ? { state: 'queued', claimed_by: null, next_attempt_at: now, updated_at: now }
        : { state: 'dropped', last_error: 'Dropped by an editor: it may have been delivered before a crash.', updated_at: now },
    )
    .where('issue_id', '=', issueId)
    .where('state', '=', 'in_doubt')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The sender's heartbeat: its claims hold while this is fresh. */
export async function beat(ex: Executor, senderId: string, now: string): Promise<void> {
  await ex
    .insertInto('newsletter_senders')
    .values({ sender_id: senderId, heartbeat_at: now, started_at: now })
    .onConflict((oc) => oc.column('sender_id').doUpdateSet({ heartbeat_at: now }))
    .execute();
}

/** Forgets senders silent for a day (their rows were taken over long ago). */
export async function forgetSenders(ex: Executor, before: string): Promise<void> {
  await ex.deleteFrom('newsletter_senders').where('heartbeat_at', '<', before).execute();
}

/** Ends a sender's registration at a clean stop. */
export async function removeSender(ex: Executor, senderId: string): Promise<void> {
  await ex.deleteFrom('newsletter_senders').where('sender_id', '=', senderId).execute();
}

/** Marks sending issues with no message left open as sent; returns their ids. */
export async function finishIssues(ex: Executor, now: string): Promise<string[]> {
  const done = await ex
    .selectFrom('newsletter_issues as i')
    .select('i.issue_id')
    .where('i.status', '=', 'sending')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('newsletter_recipients as r')
            .select('r.position')
            .whereRef('r.issue_id', '=', 'i.issue_id')
            .where('r.state', 'in', OPEN_STATES),
        ),
      ),
    )
    .execute();
  for (const d of done)
    await ex
      .updateTable('newsletter_issues')
      .set({ status: 'sent', finished_at: now, updated_at: now })
      .where('issue_id', '=', d.issue_id)
      .where('status', '=', 'sending')
      .execute();
  return done.map((d) => d.issue_id);
}
