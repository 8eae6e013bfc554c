import { z } from 'zod';
import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { conflict, invalid, notFound } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { parseInput } from '../../kernel/validation.js';
import type { JobQueue } from '../../jobs/index.js';
import type { Mailer } from '../../mail/index.js';
import { assertCan, type Actor } from '../access/index.js';
import type { AuditService } from '../audit/index.js';
import type { Outbox } from '../outbox/index.js';
import { digestMail, renderDigest } from './digest-mail.js';
import { digestFor, type Edition } from './edition.js';
import type { NewsletterIssuesTable, RecipientState } from './issues.table.js';
import * as repo from './recipient.repository.js';

/** The job that starts a scheduled issue's send at its time. */
export const NEWSLETTER_START_JOB = 'newsletter.start';

const DAY = 24 * 3600_000;

export const issueInputSchema = z.object({
  subject: z
    .string({ error: 'Give the issue a subject line.' })
    .trim()
    .min(1, 'Give the issue a subject line.')
    .max(150, 'Keep the subject under 150 characters: inboxes cut long ones.'),
  intro: z.string().trim().max(4000, 'Keep the introduction under 4,000 characters.').default(''),
  audience: z.enum(['daily', 'weekly'], { error: 'Choose the daily or the weekly subscribers.' }),
  leadArticleId: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => v || null),
});
export type IssueInput = z.input<typeof issueInputSchema>;

/** An issue as the newsroom shows it. */
export interface IssueView {
  id: string;
  subject: string;
  intro: string;
  audience: 'daily' | 'weekly';
  leadArticleId: string | null;
  status: NewsletterIssuesTable['status'];
  scheduledAt: string | null;
  since: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  recipientCount: number;
  createdAt: string;
}

/** Where a send stands: sent, failed (bounced or out of attempts), in doubt, still to go. */
export interface Progress {
  total: number;
  sent: number;
  failed: number;
  bounced: number;
  inDoubt: number;
  dropped: number;
  remaining: number;
  counts: Record<RecipientState, number>;
}

const view = (r: NewsletterIssuesTable): IssueView => ({
  id: r.issue_id,
  subject: r.subject,
  intro: r.intro,
  audience: r.audience,
  leadArticleId: r.lead_article_id,
  status: r.status,
  scheduledAt: r.scheduled_at,
  since: r.since,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  recipientCount: r.recipient_count,
  createdAt: r.created_at,
});

/**
 * Newsletter issues in the newsroom: compose, preview (in the browser and as a test email),
 * schedule or send now. Sending itself is the sender's (`sender.ts`); this starts it by
 * snapshotting the recipients in one transaction.
 */
export function createIssueService(deps: {
  db: Executor;
  dialect: repo.Dialect;
  clock: Clock;
  outbox: Outbox;
  audit: AuditService;
  jobs: JobQueue;
  mailer: Mailer;
  siteUrl: string;
  outletName: () => Promise<string>;
  edition: (issue: NewsletterIssuesTable, topicIds: string[]) => Promise<Edition>;
}) {
  const { db, clock, outbox, audit } = deps;
  const iso = (offset = 0) => new Date(clock.now().getTime() + offset).toISOString();

  async function find(ex: Executor, id: string): Promise<NewsletterIssuesTable> {
    const row = await ex.selectFrom('newsletter_issues').selectAll().where('issue_id', '=', id).executeTakeFirst();
    if (!row) throw notFound('ISSUE_NOT_FOUND', 'There is no such newsletter issue.');
    return row;
  }

  /** The window an issue about to start covers: since the last issue for the same readers, or a day or a week. */
  async function sinceFor(ex: Executor, audience: 'daily' | 'weekly', now: string): Promise<string> {
    const last = await ex
      .selectFrom('newsletter_issues')
      .select('started_at')
      .where('audience', '=', audience)
      .where('started_at', 'is not', null)
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return last?.started_at ?? new Date(Date.parse(now) - (audience === 'daily' ? DAY : 7 * DAY)).toISOString();
  }

  /** The issue as a reader of every section would get it. */
  async function sample(issue: NewsletterIssuesTable, to: string) {
    const now = iso();
    const window = { since: issue.since ?? (await sinceFor(db, issue.audience, now)), until: issue.started_at ?? now };
    const edition = await deps.edition({ ...issue, since: window.since, started_at: window.until }, []);
    const face = { outlet: await deps.outletName(), siteUrl: deps.siteUrl, subject: issue.subject, intro: issue.intro };
    const rendered = renderDigest(face, digestFor(edition, { sections: [], topics: [], topicAlerts: false }));
    return digestMail(face, rendered, {
      to,
      manageUrl: `${deps.siteUrl}/newsletter`,
      unsubscribeUrl: `${deps.siteUrl}/newsletter`,
      messageId: `<test-${newId()}@${new URL(deps.siteUrl).hostname}>`,
      returnPath: deps.mailer.from.replace(/^.*<|>$/g, ''),
      recipientToken: 'test',
      listId: `<newsletter.${new URL(deps.siteUrl).hostname}>`,
    });
  }

  async function start(actor: Actor, id: string, ip: string | null): Promise<IssueView> {
    assertCan(actor, 'newsletter.send');
    return outbox.transaction(async (tx) => {
      const row = await find(tx.db, id);
      if (row.status === 'sending' || row.status === 'sent') throw conflict('ISSUE_ALREADY_SENT', 'This issue has already been sent.');
      const now = iso();
      const since = await sinceFor(tx.db, row.audience, now);
      const count = await repo.snapshotRecipients(tx.db, deps.dialect, id, row.audience, now);
      await tx.db
        .updateTable('newsletter_issues')
        .set({ status: 'sending', since, started_at: now, recipient_count: count, scheduled_at: null, updated_at: now })
        .where('issue_id', '=', id)
        .execute();
      await deps.jobs.cancel(tx.db, `${NEWSLETTER_START_JOB}:${id}`);
      await audit.record(tx, {
        actor,
        action: 'newsletter.send_started',
        subject: { type: 'newsletter_issue', id },
        summary: `Started sending “${row.subject}” to ${count} ${row.audience} ${count === 1 ? 'subscriber' : 'subscribers'}`,
        ip,
      });
      return view({ ...row, status: 'sending', since, started_at: now, recipient_count: count });
    });
  }

  return {
    async list(actor: Actor): Promise<IssueView[]> {
      assertCan(actor, 'newsletter.compose');
      return (await db.selectFrom('newsletter_issues').selectAll().orderBy('created_at', 'desc').limit(100).execute()).map(view);
    },

    async get(actor: Actor, id: string): Promise<IssueView> {
      assertCan(actor, 'newsletter.compose');
      return view(await find(db, id));
    },

    async create(actor: Actor, input: unknown, ip: string | null = null): Promise<IssueView> {
      assertCan(actor, 'newsletter.compose');
      const p = parseInput(issueInputSchema, input);
      const now = iso();
      const row: NewsletterIssuesTable = {
        issue_id: newId(),
        subject: p.subject,
        intro: p.intro,
        audience: p.audience,
        lead_article_id: p.leadArticleId,
        status: 'draft',
        scheduled_at: null,
        since: null,
        started_at: null,
        finished_at: null,
        recipient_count: 0,
        created_by: actor.kind === 'staff' ? actor.id : actor.name,
        created_at: now,
        updated_at: now,
      };
      await outbox.transaction(async (tx) => {
        await tx.db.insertInto('newsletter_issues').values(row).execute();
        await audit.record(tx, {
          actor,
          action: 'newsletter.composed',
          subject: { type: 'newsletter_issue', id: row.issue_id },
          summary: `Composed the newsletter “${row.subject}”`,
          ip,
        });
      });
      return view(row);
    },

    async update(actor: Actor, id: string, input: unknown): Promise<IssueView> {
      assertCan(actor, 'newsletter.compose');
      const p = parseInput(issueInputSchema, input);
      return outbox.transaction(async (tx) => {
        const row = await find(tx.db, id);
        if (row.status !== 'draft' && row.status !== 'scheduled')
          throw conflict('ISSUE_NOT_EDITABLE', 'This issue is being sent or has been sent, so it can no longer be changed.');
        const set = { subject: p.subject, intro: p.intro, audience: p.audience, lead_article_id: p.leadArticleId, updated_at: iso() };
        await tx.db.updateTable('newsletter_issues').set(set).where('issue_id', '=', id).execute();
        return view({ ...row, ...set });
      });
    },

    /** The issue as a reader of every section will see it: subject, HTML and text. */
    async preview(actor: Actor, id: string) {
      assertCan(actor, 'newsletter.compose');
      const mail = await sample(await find(db, id), 'preview@example.invalid');
      return { subject: mail.subject, html: mail.html ?? '', text: mail.text };
    },

    /** Sends the issue, as a reader of every section gets it, to the editor's own address. */
    async sendTest(actor: Actor, id: string): Promise<{ to: string; via: Mailer['kind'] }> {
      assertCan(actor, 'newsletter.compose');
      if (actor.kind !== 'staff') throw invalid('VALIDATION_FAILED', 'A test email goes to a member of staff’s own address.');
      const mail = await sample(await find(db, id), actor.email);
      await deps.mailer.send({ ...mail, subject: `[Test] ${mail.subject}` });
      return { to: actor.email, via: deps.mailer.kind };
    },

    /** Sends at `at` (the job runner starts it then). */
    async schedule(actor: Actor, id: string, at: string, ip: string | null = null): Promise<IssueView> {
      assertCan(actor, 'newsletter.send');
      const when = new Date(at);
      if (Number.isNaN(when.getTime()))
        throw invalid('VALIDATION_FAILED', 'Give a date and time to send it.', { at: 'Give a date and time to send it.' });
      if (when.getTime() <= clock.now().getTime())
        throw invalid('VALIDATION_FAILED', 'That time has passed: choose a later one, or send now.', { at: 'That time has passed.' });
      return outbox.transaction(async (tx) => {
        const row = await find(tx.db, id);
        if (row.status !== 'draft' && row.status !== 'scheduled') throw conflict('ISSUE_ALREADY_SENT', 'This issue has already been sent.');
        const scheduled_at = when.toISOString();
        await tx.db
          .updateTable('newsletter_issues')
          .set({ status: 'scheduled', scheduled_at, updated_at: iso() })
          .where('issue_id', '=', id)
          .execute();
        await deps.jobs.enqueue(
          tx.db,
          { kind: NEWSLETTER_START_JOB, payload: { issueId: id }, runAt: scheduled_at, dedupeKey: `${NEWSLETTER_START_JOB}:${id}` },
          iso(),
        );
        await audit.record(tx, {
          actor,
          action: 'newsletter.scheduled',
          subject: { type: 'newsletter_issue', id },
          summary: `Scheduled “${row.subject}” for ${scheduled_at}`,
          ip,
        });
        return view({ ...row, status: 'scheduled', scheduled_at });
      });
    },

    /** Takes a scheduled issue back to a draft. */
    async unschedule(actor: Actor, id: string, ip: string | null = null): Promise<IssueView> {
      assertCan(actor, 'newsletter.send');
      return outbox.transaction(async (tx) => {
        const row = await find(tx.db, id);
        if (row.status !== 'scheduled') throw conflict('ISSUE_NOT_EDITABLE', 'This issue is not scheduled.');
        await tx.db
          .updateTable('newsletter_issues')
          .set({ status: 'draft', scheduled_at: null, updated_at: iso() })
          .where('issue_id', '=', id)
          .execute();
        await deps.jobs.cancel(tx.db, `${NEWSLETTER_START_JOB}:${id}`);
        await audit.record(tx, {
          actor,
          action: 'newsletter.unscheduled',
          subject: { type: 'newsletter_issue', id },
          summary: `Took “${row.subject}” off the schedule`,
          ip,
        });
        return view({ ...row, status: 'draft', scheduled_at: null });
      });
    },

    /** Starts the send now: the recipients are snapshotted, and the senders take it from there. */
    start,

    /** The scheduled start (the job): starts the issue if it is still scheduled. */
    async startScheduled(actor: Actor, id: string): Promise<void> {
      const row = await db.selectFrom('newsletter_issues').select('status').where('issue_id', '=', id).executeTakeFirst();
      if (row?.status === 'scheduled') await start(actor, id, null);
    },

    async progress(actor: Actor, id: string): Promise<Progress> {
      assertCan(actor, 'newsletter.compose');
      await find(db, id);
      const counts = await repo.countByState(db, id);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      return {
        total,
        sent: counts.sent,
        failed: counts.failed,
        bounced: counts.bounced,
        inDoubt: counts.in_doubt,
        dropped: counts.dropped,
        remaining: counts.queued + counts.handing,
        counts,
      };
    },

    /** Every issue being sent, with its recipients counted by state (for `/metrics`). */
    async sendingProgress(actor: Actor): Promise<Array<{ id: string; counts: Record<RecipientState, number> }>> {
      assertCan(actor, 'newsletter.compose');
      const sending = await db.selectFrom('newsletter_issues').select('issue_id').where('status', '=', 'sending').execute();
      return Promise.all(sending.map(async (r) => ({ id: r.issue_id, counts: await repo.countByState(db, r.issue_id) })));
    },

    /** The messages in doubt (their sender died while handing them over). */
    async inDoubt(actor: Actor, id: string) {
      assertCan(actor, 'newsletter.compose');
      return repo.inDoubt(db, id);
    },

    /** Resends the in-doubt messages (a reader may get one twice) or drops them (one may have none). */
    async resolveInDoubt(actor: Actor, id: string, decision: 'resend' | 'drop', ip: string | null = null): Promise<number> {
      assertCan(actor, 'newsletter.send');
      return outbox.transaction(async (tx) => {
        const row = await find(tx.db, id);
        const n = await repo.resolveInDoubt(tx.db, id, decision, iso());
        if (decision === 'resend' && n > 0)
          await tx.db
            .updateTable('newsletter_issues')
            .set({ status: 'sending', finished_at: null, updated_at: iso() })
            .where('issue_id', '=', id)
            .execute();
        await audit.record(tx, {
          actor,
          action: decision === 'resend' ? 'newsletter.in_doubt_resent' : 'newsletter.in_doubt_dropped',
          subject: { type: 'newsletter_issue', id },
          summary: `${decision === 'resend' ? 'Resent' : 'Dropped'} ${n} in-doubt ${n === 1 ? 'message' : 'messages'} of “${row.subject}”`,
          ip,
        });
        return n;
      });
    },
  };
}

export type IssueService = ReturnType<typeof createIssueService>;
