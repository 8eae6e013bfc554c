import { sql } from 'kysely';
import type { Executor } from '../../db/schema.js';
import type { StoredChoices } from './choices.js';
import type { SubscriberConsentsTable, SubscribersTable, SubscriberTokensTable } from './subscribers.table.js';

export function findSubscriberByEmail(ex: Executor, email: string): Promise<SubscribersTable | undefined> {
  return ex.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findSubscriber(ex: Executor, subscriberId: string): Promise<SubscribersTable | undefined> {
  return ex.selectFrom('subscribers').selectAll().where('subscriber_id', '=', subscriberId).executeTakeFirst();
}

/**
 * Adds a sign-up unless the address is known; returns the row that holds the address now
 * (the new one, or the one a concurrent sign-up made first).
 */
export async function insertSubscriber(ex: Executor, row: SubscribersTable): Promise<SubscribersTable> {
  await ex
    .insertInto('subscribers')
    .values(row)
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  const stored = await findSubscriberByEmail(ex, row.email);
  if (!stored) throw new Error('A subscriber row vanished inside its own transaction.');
  return stored;
}

export async function updateSubscriber(ex: Executor, subscriberId: string, set: Partial<SubscribersTable>): Promise<void> {
  await ex.updateTable('subscribers').set(set).where('subscriber_id', '=', subscriberId).execute();
}

/** Replaces a subscriber's sections, followed topics, frequency and alert choice. */
export async function replaceChoices(ex: Executor, subscriberId: string, c: StoredChoices, now: string): Promise<void> {
  await ex.deleteFrom('subscriber_sections').where('subscriber_id', '=', subscriberId).execute();
  if (c.sectionIds.length)
    await ex
      .insertInto('subscriber_sections')
      .values(c.sectionIds.map((section_id) => ({ subscriber_id: subscriberId, section_id })))
      .execute();
  // Topics already followed keep the time they were first followed.
  const kept = await ex
    .selectFrom('subscriber_topics')
    .select(['topic_id', 'followed_at'])
    .where('subscriber_id', '=', subscriberId)
    .execute();
  const since = new Map(kept.map((k) => [k.topic_id, k.followed_at]));
  await ex.deleteFrom('subscriber_topics').where('subscriber_id', '=', subscriberId).execute();
  if (c.topicIds.length)
    await ex
      .insertInto('subscriber_topics')
      .values(c.topicIds.map((topic_id) => ({ subscriber_id: subscriberId, topic_id, followed_at: since.get(topic_id) ?? now })))
      .execute();
  await updateSubscriber(ex, subscriberId, { frequency: c.frequency, topic_alerts: c.topicAlerts ? 1 : 0, updated_at: now });
}

/** A subscriber's stored choices, with names, for the manage page and the emails. */
export async function readChoices(ex: Executor, subscriberId: string) {
  const sections = await ex
    .selectFrom('subscriber_sections as ss')
    .innerJoin('sections as s', 's.section_id', 'ss.section_id')
    .select(['s.section_id as id', 's.name', 's.slug'])
    .where('ss.subscriber_id', '=', subscriberId)
    .orderBy('s.position')
    .execute();
  const topics = await ex
    .selectFrom('subscriber_topics as st')
    .innerJoin('topics as t', 't.topic_id', 'st.topic_id')
    .select(['t.topic_id as id', 't.name', 't.slug'])
    .where('st.subscriber_id', '=', subscriberId)
    .orderBy('t.name')
    .execute();
  return { sections, topics };
}

/** Names of the given sections and topics, in display order (a change link's choices, read again). */
export async function namesOf(ex: Executor, c: StoredChoices) {
  const sections = c.sectionIds.length
    ? await ex
        .selectFrom('sections')
        .select(['section_id as id', 'name'])
        .where('section_id', 'in', c.sectionIds)
        .orderBy('position')
        .execute()
    : [];
  const topics = c.topicIds.length
    ? await ex.selectFrom('topics').select(['topic_id as id', 'name']).where('topic_id', 'in', c.topicIds).orderBy('name').execute()
    : [];
  return { sections, topics };
}

/**
 * Takes the address's one sign-up email of the day: true when none went in the last 24
 * hours. One statement, so two sign-ups racing (two instances) send one email between them.
 */
export async function claimDailyEmail(ex: Executor, subscriberId: string, now: string, dayAgo: string): Promise<boolean> {
  const result = await ex
    .updateTable('subscribers')
    .set({ confirmation_sent_at: now })
    .where('subscriber_id', '=', subscriberId)
    .where((eb) => eb.or([eb('confirmation_sent_at', 'is', null), eb('confirmation_sent_at', '<=', dayAgo)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertToken(ex: Executor, row: SubscriberTokensTable): Promise<void> {
  await ex.insertInto('subscriber_tokens').values(row).execute();
}

/** A link's row while it still works: unused and unexpired. */
export function findLiveToken(ex: Executor, tokenHash: string, now: string): Promise<SubscriberTokensTable | undefined> {
  return ex
    .selectFrom('subscriber_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Uses a link once: false when another request used it first. */
export async function useToken(ex: Executor, tokenHash: string, now: string): Promise<boolean> {
  const result = await ex
    .updateTable('subscriber_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertConsent(ex: Executor, row: SubscriberConsentsTable): Promise<void> {
  await ex.insertInto('subscriber_consents').values(row).execute();
}

export function listConsents(ex: Executor, subscriberId: string): Promise<SubscriberConsentsTable[]> {
  return ex.selectFrom('subscriber_consents').selectAll().where('subscriber_id', '=', subscriberId).orderBy('at').execute();
}

export async function isSuppressed(ex: Executor, addressHash: string): Promise<boolean> {
  const row = await ex
    .selectFrom('newsletter_suppressions')
    .select('address_hash')
    .where('address_hash', '=', addressHash)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Deletes sign-ups never confirmed since `before`, and links that lapsed before it; returns
 * how many sign-ups went.
 */
export async function deleteUnconfirmed(ex: Executor, before: string): Promise<number> {
  await ex.deleteFrom('subscriber_tokens').where('expires_at', '<', before).execute();
  const result = await ex
    .deleteFrom('subscribers')
    .where('status', '=', 'pending')
    .where(sql<string>`coalesce(signed_up_at, created_at)`, '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
