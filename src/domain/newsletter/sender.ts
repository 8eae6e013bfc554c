import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { newId } from '../../kernel/ids.js';
import type { Logger } from '../../kernel/logger.js';
import { domainOf, MailNotSent, type Mailer } from '../../mail/index.js';
import type { SiteKeys } from '../site/index.js';
import { digestMail, renderDigest, type IssueFace, type RenderedDigest } from './digest-mail.js';
import { choicesKey, digestFor, type DigestChoices, type Edition } from './edition.js';
import type { NewsletterIssuesTable, NewsletterRecipientsTable } from './issues.table.js';
import * as repo from './recipient.repository.js';

/** How the sender paces itself; every field has a default fit for one modest SMTP server. */
export interface SenderSettings {
  /** Messages in flight at once: one per pooled SMTP connection (default 5). */
  connections: number;
  /** Most messages a second this process hands over (NEWSLETTER_RATE, default 50). */
  ratePerSecond: number;
  /** A sender silent this long has died: its claims lapse and its message in flight is in doubt (default 30 s). */
  leaseMs: number;
  /** How often an idle sender looks for work (default 2 s). */
  pollMs: number;
  /** Attempts before a message that keeps getting 4xx replies is given up (default 5). */
  maxAttempts: number;
}

export const DEFAULT_SENDER: SenderSettings = { connections: 5, ratePerSecond: 50, leaseMs: 30_000, pollMs: 2000, maxAttempts: 5 };

/** Waits before the next try of a 4xx: 1, 5, 15, 60 minutes, then 4 hours. */
const RETRY_MS = [60_000, 300_000, 900_000, 3600_000, 14_400_000];

export interface SenderDeps {
  db: Executor;
  dialect: repo.Dialect;
  clock: Clock;
  log: Logger;
  mailer: Mailer;
  keys: SiteKeys;
  siteUrl: string;
  outletName: () => Promise<string>;
  /** The issue's edition, built once per issue and send. */
  edition: (issue: NewsletterIssuesTable, topicIds: string[]) => Promise<Edition>;
  /** The signed part of a subscriber's manage and unsubscribe links. */
  manageToken: (subscriberId: string) => Promise<string>;
  /** Never mail this subscriber again (the server refused the address for good). */
  suppress: (s: { subscriberId: string; email: string; detail: string }) => Promise<void>;
}

/** What one issue's messages share while it is being sent. */
interface IssueContext {
  issue: NewsletterIssuesTable;
  face: IssueFace;
  edition: Edition;
  rendered: Map<string, RenderedDigest>;
  domain: string;
  listId: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends the issues that are sending, crash-safely (see README.md in this folder):
 *
 * - recipients are claimed in batches by one statement (SKIP LOCKED on PostgreSQL);
 * - each message is marked `handing` and committed before it goes to the SMTP server, and
 *   `sent` after the server's reply, so a `kill -9` leaves at most one message per
 *   connection whose fate is unknown: listed `in_doubt`, never resent by itself;
 * - claims belong to a sender with a heartbeat: when it stops, another sender (or the
 *   restarted process) takes over the rows it had not started.
 */
export function createNewsletterSender(deps: SenderDeps, settings: Partial<SenderSettings> = {}) {
  const s: SenderSettings = { ...DEFAULT_SENDER, ...settings };
  const senderId = `sender-${newId()}`;
  const { db, clock, log } = deps;
  const iso = (offset = 0) => new Date(clock.now().getTime() + offset).toISOString();
  const contexts = new Map<string, Promise<IssueContext>>();
  let nextSlot = 0;
  let timer: NodeJS.Timeout | null = null;
  let beating: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopping = false;

  /** Paces hand-overs to `ratePerSecond`, across every lane of this process. */
  async function slot(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, nextSlot);
    nextSlot = at + 1000 / s.ratePerSecond;
    if (at > now) await sleep(at - now);
  }

  async function contextOf(issue: NewsletterIssuesTable): Promise<IssueContext> {
    let found = contexts.get(issue.issue_id);
    if (!found) {
      found = (async () => {
        const topicRows = await db
          .selectFrom('newsletter_recipients')
          .select('topics')
          .distinct()
          .where('issue_id', '=', issue.issue_id)
          .where('topics', '!=', '')
          .where('topic_alerts', '=', 0)
          .execute();
        const topicIds = [...new Set(topicRows.flatMap((r) => r.topics.split(',')))];
        const outlet = await deps.outletName();
        const domain = domainOf(deps.mailer.from);
        return {
          issue,
          face: { outlet, siteUrl: deps.siteUrl, subject: issue.subject, intro: issue.intro },
          edition: await deps.edition(issue, topicIds),
          rendered: new Map(),
          domain,
          listId: `"${outlet.replace(/["\\]/g, '')} newsletter" <newsletter.${new URL(deps.siteUrl).hostname}>`,
        };
      })();
      found.catch(() => contexts.delete(issue.issue_id));
      contexts.set(issue.issue_id, found);
    }
    return found;
  }

  /** The token in a message's return path (VERP) and headers that names its recipient to the bounce intake. */
  async function recipientToken(subscriberId: string): Promise<string> {
    const compact = subscriberId.replace(/-/g, '');
    return `${compact}.${(await deps.keys.mac('newsletter-links', `bounce:${compact}`)).slice(0, 12)}`;
  }

  async function compose(ctx: IssueContext, row: NewsletterRecipientsTable) {
    const choices: DigestChoices = {
      sections: row.sections ? row.sections.split(',') : [],
      topics: row.topics ? row.topics.split(',') : [],
      topicAlerts: row.topic_alerts === 1,
    };
    const key = choicesKey(choices);
    let rendered = ctx.rendered.get(key);
    if (!rendered) {
      rendered = renderDigest(ctx.face, digestFor(ctx.edition, choices));
      ctx.rendered.set(key, rendered);
    }
    const token = await deps.manageToken(row.subscriber_id);
    const verp = await recipientToken(row.subscriber_id);
    return digestMail(ctx.face, rendered, {
      to: row.email,
      manageUrl: `${deps.siteUrl}/newsletter/manage/${token}`,
      unsubscribeUrl: `${deps.siteUrl}/newsletter/unsubscribe/${token}`,
      messageId: `<${row.issue_id}.${row.position}@${ctx.domain}>`,
      returnPath: `bounces+${verp}@${ctx.domain}`,
      recipientToken: verp,
      listId: ctx.listId,
    });
  }

  /** What a lane has sent but not yet recorded: recorded with the lane's next step, or at its end. */
  type Sent = { position: number; messageId: string } | null;

  /**
   * Hands one message over. The previous message's `sent` and this one's `handing` are one
   * commit; the server gets the message only after it. Returns this message's own `sent`
   * for the lane to record with its next step, or null when it failed or was not ours.
   */
  async function deliver(ctx: IssueContext, row: NewsletterRecipientsTable, previous: Sent): Promise<Sent> {
    const key = { issueId: row.issue_id, position: Number(row.position), senderId };
    const mail = await compose(ctx, row);
    await slot();
    if (!(await repo.advance(db, key, previous, key.position, iso()))) return null; // another sender took it over
    try {
      const sent = await deps.mailer.send(mail);
      return { position: key.position, messageId: sent.messageId };
    } catch (err) {
      const attempts = row.attempts + 1;
      const reason = err instanceof Error ? err.message : String(err);
      if (err instanceof MailNotSent && err.permanent) {
        await repo.markFinal(db, key, 'bounced', reason, attempts, iso());
        await deps.suppress({ subscriberId: row.subscriber_id, email: row.email, detail: reason });
      } else if (attempts >= s.maxAttempts) {
        await repo.markFinal(db, key, 'failed', reason, attempts, iso());
      } else {
        await repo.markRetry(db, key, reason, attempts, iso(RETRY_MS[Math.min(attempts - 1, RETRY_MS.length - 1)]), iso());
      }
      return null;
    }
  }

  /** One round: list dead senders' messages in doubt, claim a batch of the oldest sending issue, send it. Returns how many were claimed. */
  async function round(): Promise<number> {
    await repo.beat(db, senderId, iso());
    const liveSince = iso(-s.leaseMs);
    const doubted = await repo.markInDoubt(db, liveSince, iso());
    if (doubted) log.warn({ doubted }, 'newsletter messages were being handed over when their sender stopped; listed as in doubt');
    const issues = await db.selectFrom('newsletter_issues').selectAll().where('status', '=', 'sending').orderBy('started_at').execute();
    for (const issue of issues) {
      const claimed = await repo.claimRecipients(db, deps.dialect, {
        issueId: issue.issue_id,
        senderId,
        now: iso(),
        liveSince,
        limit: s.connections * Math.max(5, Math.min(100, Math.ceil(s.ratePerSecond / s.connections) * 2)),
      });
      if (!claimed.length) continue;
      const ctx = await contextOf(issue);
      const queue = [...claimed];
      const lane = async () => {
        let previous: Sent = null;
        for (let row = queue.shift(); row && !stopping; row = queue.shift()) previous = await deliver(ctx, row, previous);
        if (previous)
          await repo.markSent(db, { issueId: issue.issue_id, position: previous.position, senderId }, previous.messageId, iso());
      };
      await Promise.all(Array.from({ length: s.connections }, lane));
      if (stopping) await repo.releaseClaims(db, senderId);
      return claimed.length;
    }
    const finished = await repo.finishIssues(db, iso());
    for (const id of finished) {
      contexts.delete(id);
      log.info({ issue: id }, 'newsletter issue sent');
    }
    return 0;
  }

  return {
    senderId,
    /** Sends until nothing is left to claim now (tests, the CLI); returns how many messages were claimed. */
    async drain(): Promise<number> {
      let total = 0;
      for (let n = await round(); n > 0 && !stopping; n = await round()) total += n;
      return total;
    },
    /** Sends in the background until stopped: the server and `despatch newsletter send`. */
    start(): void {
      if (timer || beating) return;
      stopping = false;
      // Senders silent for a day left rows that were taken over long ago: forget them.
      repo.forgetSenders(db, iso(-24 * 3600_000)).catch((err) => log.warn({ err }, 'could not forget old newsletter senders'));
      beating = setInterval(
        () => {
          repo.beat(db, senderId, iso()).catch((err) => log.warn({ err }, 'the newsletter sender could not record its heartbeat'));
        },
        Math.max(100, s.leaseMs / 4),
      );
      const tick = async () => {
        running = round().catch((err) => {
          log.warn({ err }, 'sending the newsletter failed for now; trying again');
          return 0;
        });
        const n = (await running) as number;
        running = null;
        if (timer && !stopping) timer = setTimeout(tick, n > 0 ? 0 : s.pollMs);
      };
      timer = setTimeout(tick, 0);
    },
    /** Stops after the messages in hand, gives back the rest, and leaves. */
    async stop(): Promise<void> {
      stopping = true;
      if (timer) clearTimeout(timer);
      if (beating) clearInterval(beating);
      timer = null;
      beating = null;
      await running;
      await repo.releaseClaims(db, senderId).catch(() => undefined);
      await repo.removeSender(db, senderId).catch(() => undefined);
    },
  };
}

export type NewsletterSender = ReturnType<typeof createNewsletterSender>;
