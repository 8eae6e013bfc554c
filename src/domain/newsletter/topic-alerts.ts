import { sql } from 'kysely';
import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import type { DomainEvent } from '../../kernel/events.js';
import type { Logger } from '../../kernel/logger.js';
import type { JobQueue } from '../../jobs/index.js';
import { domainOf, MailNotSent, type Mailer } from '../../mail/index.js';
import type { ArticleReader } from '../articles/index.js';
import type { Outbox } from '../outbox/index.js';
import { digestMail, renderDigest } from './digest-mail.js';
import { toEditionStory } from './edition.js';

/** The job that sends the topic alerts that are due. */
export const NEWSLETTER_ALERTS_JOB = 'newsletter.alerts';

const HOUR = 3600_000;
/** Followers handled per run; the job queues itself again while more are due. */
const PER_RUN = 200;

/**
 * Alerts for followed topics: when a story is published, each follower who chose alerts gets
 * it queued; the alerts job sends each one email with everything queued for them, at most one
 * an hour. Alerts are sent at most once: a follower's stories are marked sent in the same
 * commit that takes them, before the email goes, so a crash may lose one alert but never repeats
 * one (a transient failure puts them back).
 */
export function createTopicAlerts(deps: {
  db: Executor;
  clock: Clock;
  outbox: Outbox;
  jobs: JobQueue;
  mailer: Mailer;
  reader: ArticleReader;
  siteUrl: string;
  outletName: () => Promise<string>;
  manageToken: (subscriberId: string) => Promise<string>;
  suppress: (s: { subscriberId: string; email: string; detail: string }) => Promise<void>;
  log: Logger;
}) {
  const { db, clock } = deps;
  const iso = (offset = 0) => new Date(clock.now().getTime() + offset).toISOString();

  /**
   * One job per minute at most: keyed by its minute, so a run that queues the next one never
   * moves its own row (which the runner then marks done).
   */
  async function queueJob(ex: Executor, at: string): Promise<void> {
    const minute = at.slice(0, 16);
    await deps.jobs.enqueue(
      ex,
      { kind: NEWSLETTER_ALERTS_JOB, payload: {}, runAt: at, dedupeKey: `${NEWSLETTER_ALERTS_JOB}:${minute}` },
      iso(),
    );
  }

  /** Sends one follower's alert; returns whether it went. */
  async function alert(subscriber: { subscriber_id: string; email: string; last_alert_at: string | null }): Promise<boolean> {
    const now = iso();
    const taken = await deps.outbox.transaction(async (tx) => {
      const rows = await tx.db
        .updateTable('newsletter_alert_items')
        .set({ sent_at: now })
        .where('subscriber_id', '=', subscriber.subscriber_id)
        .where('sent_at', 'is', null)
        .returning('article_id')
        .execute();
      await tx.db.updateTable('subscribers').set({ last_alert_at: now }).where('subscriber_id', '=', subscriber.subscriber_id).execute();
      return rows.map((r) => r.article_id);
    });
    const cards = await deps.reader.cardsByIds(taken);
    if (!cards.length) return false;
    const stories = cards.map((c) => toEditionStory(deps.siteUrl, c));
    const outlet = await deps.outletName();
    const subject = stories.length === 1 ? stories[0]!.headline : `${stories.length} new stories on topics you follow`;
    const face = { outlet, siteUrl: deps.siteUrl, subject, intro: 'New on the topics you follow:' };
    const token = await deps.manageToken(subscriber.subscriber_id);
    const domain = domainOf(deps.mailer.from);
    const mail = digestMail(face, renderDigest(face, { lead: null, blocks: [{ heading: 'Topics you follow', stories }] }), {
      to: subscriber.email,
      manageUrl: `${deps.siteUrl}/newsletter/manage/${token}`,
      unsubscribeUrl: `${deps.siteUrl}/newsletter/unsubscribe/${token}`,
      messageId: `<alert.${subscriber.subscriber_id}.${Date.parse(now)}@${domain}>`,
      returnPath: deps.mailer.from.replace(/^.*<|>$/g, ''),
      recipientToken: 'alert',
      listId: `"${outlet.replace(/["\\]/g, '')} alerts" <alerts.${new URL(deps.siteUrl).hostname}>`,
    });
    try {
      await deps.mailer.send(mail);
      return true;
    } catch (err) {
      if (err instanceof MailNotSent && err.permanent) {
        await deps.suppress({ subscriberId: subscriber.subscriber_id, email: subscriber.email, detail: err.message });
        return false;
      }
      // Try again at the next run: the stories wait, and the hour starts again from the last alert that went.
      await deps.outbox.transaction(async (tx) => {
        await tx.db
          .updateTable('newsletter_alert_items')
          .set({ sent_at: null })
          .where('subscriber_id', '=', subscriber.subscriber_id)
          .where('article_id', 'in', taken)
          .execute();
        await tx.db
          .updateTable('subscribers')
          .set({ last_alert_at: subscriber.last_alert_at })
          .where('subscriber_id', '=', subscriber.subscriber_id)
          .execute();
      });
      throw err;
    }
  }

  return {
    /** A published story is queued for every follower of its topics who chose alerts (safe to run twice). */
    async onEvent(event: DomainEvent): Promise<void> {
      if (event.type !== 'article.published') return;
      const now = iso();
      await deps.outbox.transaction(async (tx) => {
        const result = await sql`
          insert into newsletter_alert_items (subscriber_id, article_id, queued_at)
          select distinct s.subscriber_id, ${event.articleId}, ${now}
          from subscriber_topics st
          join subscribers s on s.subscriber_id = st.subscriber_id
          where st.topic_id in (select topic_id from article_topics where article_id = ${event.articleId})
            and s.topic_alerts = 1 and s.status = 'confirmed' and s.paused_at is null and s.suppressed_at is null
          on conflict do nothing`.execute(tx.db);
        if (Number(result.numAffectedRows ?? 0) > 0) await queueJob(tx.db, now);
      });
    },

    /** Sends the alerts that are due (the job); queues itself again for those waiting out their hour. */
    async sendDue(): Promise<number> {
      const hourAgo = iso(-HOUR);
      const waiting = await db
        .selectFrom('subscribers as s')
        .select(['s.subscriber_id', 's.email', 's.last_alert_at'])
        .where('s.status', '=', 'confirmed')
        .where('s.paused_at', 'is', null)
        .where('s.suppressed_at', 'is', null)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('newsletter_alert_items as i')
              .select('i.article_id')
              .whereRef('i.subscriber_id', '=', 's.subscriber_id')
              .where('i.sent_at', 'is', null),
          ),
        )
        .orderBy('s.last_alert_at')
        .limit(PER_RUN * 5)
        .execute();
      let sent = 0;
      let failures = 0;
      let nextAt: number | null = null;
      for (const s of waiting) {
        if (s.last_alert_at && s.last_alert_at > hourAgo) {
          const due = Date.parse(s.last_alert_at) + HOUR;
          nextAt = nextAt === null ? due : Math.min(nextAt, due);
          continue;
        }
        if (sent + failures >= PER_RUN) {
          nextAt = clock.now().getTime();
          break;
        }
        try {
          if (await alert(s)) sent++;
        } catch (err) {
          failures++;
          deps.log.warn({ err, subscriber: s.subscriber_id }, 'a topic alert could not be sent; it waits for the next run');
        }
      }
      if (failures) nextAt = Math.min(nextAt ?? Infinity, clock.now().getTime() + 5 * 60_000);
      if (nextAt !== null) await queueJob(db, new Date(nextAt).toISOString());
      return sent;
    },
  };
}

export type TopicAlerts = ReturnType<typeof createTopicAlerts>;
