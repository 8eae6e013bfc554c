import { z } from 'zod';
import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { AppError, gone, invalid } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { Logger } from '../../kernel/logger.js';
import { hashSecret, newSecret } from '../../kernel/secrets.js';
import { parseInput } from '../../kernel/validation.js';
import type { JobQueue } from '../../jobs/index.js';
import type { Mailer } from '../../mail/index.js';
import type { Outbox, Tx } from '../outbox/index.js';
import { countFailure, findThrottle } from '../shared/index.js';
import type { SiteKeys } from '../site/index.js';
import {
  choicesSchema,
  describeChoices,
  resolveChoices,
  SIGN_UP_WORDING,
  storeChoices,
  storedChoicesSchema,
  type Choices,
  type StoredChoices,
} from './choices.js';
import { scrubbedDetail } from './bounce-intake.js';
import * as repo from './subscriber.repository.js';
import { signUpMail } from './sign-up-mail.js';
import type { ConsentEvent, SubscribersTable } from './subscribers.table.js';

export const subscribeSchema = z.object({
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .min(1, 'Enter your email address.')
    .max(254, 'That email address is too long.')
    .pipe(z.email('Enter an email address in the form name@example.com.')),
  sourcePath: z
    .string()
    .max(500)
    .regex(/^\/(?!\/)/)
    .nullish(),
  /** A field people cannot see and bots fill in. */
  honeypot: z.string().max(1000).nullish(),
  ...choicesSchema.shape,
});

/** The job that deletes sign-ups left unconfirmed for seven days. */
export const NEWSLETTER_SWEEP_JOB = 'newsletter.sweep';

const HOUR = 3600_000;
/** How long a sign-up email's link works. */
const LINK_HOURS = 48;
/** A pending sign-up is deleted this long after it was made. */
const UNCONFIRMED_MS = 7 * 24 * HOUR;
/** Sign-ups one network address may make in an hour (a newsroom's office shares one). */
const SIGN_UPS_PER_IP_HOUR = 20;

/** What the confirmation page shows before the button is pressed. */
export type LinkCheck = { valid: true; email: string; purpose: 'confirm' | 'change'; choices: string[] } | { valid: false };

/** A subscriber as the manage page shows them. */
export interface SubscriberView {
  email: string;
  status: SubscribersTable['status'];
  paused: boolean;
  frequency: SubscribersTable['frequency'];
  topicAlerts: boolean;
  sections: Array<{ id: string; name: string; slug: string }>;
  topics: Array<{ id: string; name: string; slug: string }>;
}

/** Where a request came from, as far as a sign-up is concerned. */
export interface SignUpOrigin {
  ip: string | null;
}

const linkInvalid = () =>
  gone('LINK_INVALID', 'This link has expired or has already been used. Sign up again from any article and we will email you a fresh one.');

/**
 * Newsletter sign-ups, confirmations and subscribers' own choices (see README.md in this
 * folder for the whole lifecycle). Nothing here reveals whether an address is known: a
 * sign-up always gets the same answer, and what differs goes only to the address itself.
 */
export function createSubscriberService(deps: {
  db: Executor;
  clock: Clock;
  outbox: Outbox;
  mailer: Mailer;
  keys: SiteKeys;
  jobs: JobQueue;
  siteUrl: string;
  outletName: () => Promise<string>;
  log: Logger;
}) {
  const { db, clock, outbox, keys } = deps;
  const iso = (offsetMs = 0) => new Date(clock.now().getTime() + offsetMs).toISOString();
  const addressHash = (email: string) => keys.mac('address-hash', `email:${email}`);
  const ipHash = (ip: string | null) => (ip ? keys.mac('address-hash', `ip:${ip}`) : Promise.resolve(null));

  async function consent(tx: Tx, subscriberId: string, event: ConsentEvent, wording: string, sourcePath: string | null, ip: string | null) {
    await repo.insertConsent(tx.db, {
      consent_id: newId(),
      subscriber_id: subscriberId,
      event,
      at: iso(),
      source_path: sourcePath,
      wording,
      ip_hash: await ipHash(ip),
    });
  }

  /** The signed part of manage and unsubscribe links: it names the subscriber and cannot be made without the site's key. */
  async function manageToken(subscriberId: string): Promise<string> {
    return `${subscriberId}.${await keys.mac('newsletter-links', `manage:${subscriberId}`)}`;
  }

  /** The subscriber a manage link names, if its signature holds and they still exist. */
  async function bySignedToken(token: string): Promise<SubscribersTable> {
    const dot = token.lastIndexOf('.');
    const id = token.slice(0, dot);
    if (dot < 1 || !(await keys.verify('newsletter-links', `manage:${id}`, token.slice(dot + 1)))) throw linkInvalid();
    const row = await repo.findSubscriber(db, id);
    if (!row) throw linkInvalid();
    return row;
  }

  async function assertNotThrottled(key: string): Promise<void> {
    const row = await findThrottle(db, key);
    if (!row || row.failures < SIGN_UPS_PER_IP_HOUR) return;
    const left = new Date(row.window_started_at).getTime() + HOUR - clock.now().getTime();
    // A window that has ended starts afresh with the next count.
    if (left <= 0) return;
    const wait = Math.ceil(left / 60_000);
    throw new AppError(
      'SIGN_UP_THROTTLED',
      `Too many sign-ups from your network. Please try again in ${wait === 1 ? 'a minute' : `${wait} minutes`}.`,
    );
  }

  /** Sends the sign-up email after its row committed; a failure gives the address its daily email back. */
  async function sendSignUpMail(
    s: { subscriberId: string; email: string; previousSentAt: string | null },
    token: string,
    purpose: 'confirm' | 'change',
    choices: string[],
  ) {
    try {
      await deps.mailer.send(
        signUpMail({
          to: s.email,
          outlet: await deps.outletName(),
          siteUrl: deps.siteUrl,
          link: `${deps.siteUrl}/newsletter/confirm/${token}`,
          purpose,
          choices,
          hours: LINK_HOURS,
        }),
      );
    } catch (err) {
      deps.log.error({ err, subscriber: s.subscriberId }, 'the newsletter sign-up email could not be sent');
      await outbox.transaction(async (tx) => {
        await repo.updateSubscriber(tx.db, s.subscriberId, { confirmation_sent_at: s.previousSentAt });
        await tx.db.deleteFrom('subscriber_tokens').where('token_hash', '=', hashSecret(token)).execute();
      });
    }
  }

  return {
    manageToken,

    /**
     * A sign-up from the form. A new address (or one that left) is stored as pending with its
     * choices and consent, and emailed a link to confirm; a confirmed address is emailed a
     * link that applies the new choices. At most one such email per address per day; a
     * suppressed address and a filled honeypot get nothing. The caller learns none of this.
     */
    async subscribe(input: unknown, origin: SignUpOrigin): Promise<void> {
      const parsed = parseInput(subscribeSchema, input);
      const ipKey = origin.ip ? `newsletter-ip:${await ipHash(origin.ip)}` : null;
      if (ipKey) await assertNotThrottled(ipKey);
      const choices = await resolveChoices(db, parsed);
      if (ipKey) await outbox.transaction((tx) => countFailure(tx.db, ipKey, iso(), iso(-HOUR)));
      if (parsed.honeypot) return;
      const email = parsed.email.toLowerCase();
      if (await repo.isSuppressed(db, await addressHash(email))) return;
      const sourcePath = parsed.sourcePath ?? null;
      const now = iso();
      const token = newSecret();
      const wording = [SIGN_UP_WORDING, ...describeChoices(choices)].join('\n');
      const planned = await outbox.transaction(async (tx) => {
        const row = await repo.insertSubscriber(tx.db, {
          subscriber_id: newId(),
          email,
          status: 'pending',
          source_path: sourcePath,
          frequency: choices.frequency,
          topic_alerts: choices.topicAlerts ? 1 : 0,
          created_at: now,
          updated_at: now,
          signed_up_at: now,
          confirmed_at: null,
          paused_at: null,
          confirmation_sent_at: null,
          suppressed_at: null,
          last_alert_at: null,
        });
        const purpose = row.status === 'confirmed' ? 'change' : 'confirm';
        if (purpose === 'confirm') {
          // A pending or departed address takes the newest choices and starts its seven days again.
          await repo.updateSubscriber(tx.db, row.subscriber_id, {
            status: 'pending',
            source_path: sourcePath,
            signed_up_at: now,
            updated_at: now,
          });
          await repo.replaceChoices(tx.db, row.subscriber_id, storeChoices(choices), now);
          await consent(tx, row.subscriber_id, 'signed_up', wording, sourcePath, origin.ip);
          await deps.jobs.enqueue(
            tx.db,
            // One sweep per day of sign-ups, due when that day's pending rows reach seven days.
            {
              kind: NEWSLETTER_SWEEP_JOB,
              payload: {},
              runAt: new Date(Date.parse(now.slice(0, 10)) + UNCONFIRMED_MS + 25 * HOUR).toISOString(),
              dedupeKey: `${NEWSLETTER_SWEEP_JOB}:${now.slice(0, 10)}`,
            },
            now,
          );
        }
        if (!(await repo.claimDailyEmail(tx.db, row.subscriber_id, now, iso(-24 * HOUR)))) return null;
        await repo.insertToken(tx.db, {
          token_hash: hashSecret(token),
          subscriber_id: row.subscriber_id,
          purpose,
          choices: purpose === 'change' ? JSON.stringify(storeChoices(choices)) : null,
          source_path: sourcePath,
          created_at: now,
          expires_at: iso(LINK_HOURS * HOUR),
          used_at: null,
        });
        return { subscriberId: row.subscriber_id, email, previousSentAt: row.confirmation_sent_at, purpose } as const;
      });
      if (planned) await sendSignUpMail(planned, token, planned.purpose, describeChoices(choices));
    },

    /** What a sign-up link would do, for the page that asks for the button press; it changes nothing. */
    async checkLink(token: string): Promise<LinkCheck> {
      const row = await repo.findLiveToken(db, hashSecret(token), iso());
      if (!row) return { valid: false };
      const subscriber = await repo.findSubscriber(db, row.subscriber_id);
      if (!subscriber) return { valid: false };
      return {
        valid: true,
        email: subscriber.email,
        purpose: row.purpose,
        choices: describeChoices(await choicesOfLink(db, row.subscriber_id, row.choices)),
      };
    },

    /**
     * Follows a sign-up link (the button on its page): confirms the address, or applies the
     * choices a confirmed subscriber asked for. The link works once. Returns the manage token.
     */
    async confirm(token: string, origin: SignUpOrigin): Promise<{ manageToken: string; choices: string[] }> {
      const hash = hashSecret(token);
      const now = iso();
      const done = await outbox.transaction(async (tx) => {
        const row = await repo.findLiveToken(tx.db, hash, now);
        if (!row || !(await repo.useToken(tx.db, hash, now))) throw linkInvalid();
        const subscriber = await repo.findSubscriber(tx.db, row.subscriber_id);
        if (!subscriber) throw linkInvalid();
        if (row.purpose === 'change') {
          const stored = storedChoicesSchema.parse(JSON.parse(row.choices ?? 'null'));
          // Sections or topics deleted since the link was sent are left out.
          const named = await repo.namesOf(tx.db, stored);
          const applied: StoredChoices = {
            ...stored,
            sectionIds: named.sections.map((s) => s.id),
            topicIds: named.topics.map((t) => t.id),
          };
          await repo.replaceChoices(tx.db, subscriber.subscriber_id, applied, now);
          const choices = describeChoices({ ...named, frequency: applied.frequency, topicAlerts: applied.topicAlerts });
          await consent(
            tx,
            subscriber.subscriber_id,
            'changed',
            ['Confirmed new choices from the emailed link.', ...choices].join('\n'),
            row.source_path,
            origin.ip,
          );
          return { subscriberId: subscriber.subscriber_id, choices };
        }
        await repo.updateSubscriber(tx.db, subscriber.subscriber_id, {
          status: 'confirmed',
          confirmed_at: now,
          paused_at: null,
          updated_at: now,
        });
        const choices = describeChoices(await choicesOfLink(tx.db, subscriber.subscriber_id, null));
        await consent(
          tx,
          subscriber.subscriber_id,
          'confirmed',
          'Confirmed the sign-up from the link emailed to this address.',
          row.source_path,
          origin.ip,
        );
        return { subscriberId: subscriber.subscriber_id, choices };
      });
      return { manageToken: await manageToken(done.subscriberId), choices: done.choices };
    },

    /** The subscriber a manage link names, for their page. */
    async view(token: string): Promise<SubscriberView> {
      const row = await bySignedToken(token);
      const { sections, topics } = await repo.readChoices(db, row.subscriber_id);
      return {
        email: row.email,
        status: row.status,
        paused: row.paused_at !== null,
        frequency: row.frequency,
        topicAlerts: row.topic_alerts === 1,
        sections,
        topics,
      };
    },

    /** New choices from the manage page: the link proves the address, so they apply at once. */
    async updateChoices(token: string, input: unknown, origin: SignUpOrigin): Promise<void> {
      const row = await bySignedToken(token);
      if (row.status !== 'confirmed')
        throw invalid('VALIDATION_FAILED', 'This address is not subscribed. Sign up again to choose what you receive.');
      const choices: Choices = await resolveChoices(db, parseInput(choicesSchema, input));
      await outbox.transaction(async (tx) => {
        const now = iso();
        await repo.replaceChoices(tx.db, row.subscriber_id, storeChoices(choices), now);
        await consent(
          tx,
          row.subscriber_id,
          'changed',
          ['Changed choices on the manage page.', ...describeChoices(choices)].join('\n'),
          null,
          origin.ip,
        );
      });
    },

    /** Pauses or resumes the newsletters from the manage page. */
    async setPaused(token: string, paused: boolean): Promise<void> {
      const row = await bySignedToken(token);
      if (row.status !== 'confirmed') throw invalid('VALIDATION_FAILED', 'This address is not subscribed, so there is nothing to pause.');
      const now = iso();
      await outbox.transaction((tx) =>
        repo.updateSubscriber(tx.db, row.subscriber_id, { paused_at: paused ? now : null, updated_at: now }),
      );
    },

    /**
     * Unsubscribes the address a manage link names: from the manage page, or the one-click
     * POST a mailbox provider sends (RFC 8058). Doing it twice is not an error.
     */
    async unsubscribe(token: string): Promise<void> {
      const row = await bySignedToken(token);
      if (row.status === 'unsubscribed') return;
      const now = iso();
      await outbox.transaction((tx) =>
        repo.updateSubscriber(tx.db, row.subscriber_id, { status: 'unsubscribed', paused_at: null, updated_at: now }),
      );
    },

    /** Deletes sign-ups left unconfirmed for seven days (the sweep job); returns how many. */
    async sweepUnconfirmed(): Promise<number> {
      return outbox.transaction((tx) => repo.deleteUnconfirmed(tx.db, iso(-UNCONFIRMED_MS)));
    },

    /**
     * Never mails an address again: the server refused it for good, or its owner complained.
     * The suppression keeps only a keyed hash, so it outlives the subscriber's erasure.
     */
    async suppress(p: { email: string; subscriberId?: string | null; reason?: 'bounced' | 'complained'; detail: string }): Promise<void> {
      const email = p.email.trim().toLowerCase();
      const hash = await addressHash(email);
      const now = iso();
      await outbox.transaction(async (tx) => {
        await tx.db
          .insertInto('newsletter_suppressions')
          .values({ address_hash: hash, reason: p.reason ?? 'bounced', detail: scrubbedDetail(p.detail), created_at: now })
          .onConflict((oc) => oc.column('address_hash').doNothing())
          .execute();
        await tx.db
          .updateTable('subscribers')
          .set({ suppressed_at: now, updated_at: now })
          .where('email', '=', email)
          .where('suppressed_at', 'is', null)
          .execute();
      });
    },

    /** True when the newsletter must never mail `email` (it bounced or complained). */
    async isSuppressed(email: string): Promise<boolean> {
      return repo.isSuppressed(db, await addressHash(email.trim().toLowerCase()));
    },
  };
}

/** A link's choices in words: those it carries (a change), else the subscriber's own. */
async function choicesOfLink(db: Executor, subscriberId: string, stored: string | null): Promise<Choices> {
  if (stored) {
    const c = storedChoicesSchema.parse(JSON.parse(stored));
    return { ...(await repo.namesOf(db, c)), frequency: c.frequency, topicAlerts: c.topicAlerts };
  }
  const row = await repo.findSubscriber(db, subscriberId);
  const { sections, topics } = await repo.readChoices(db, subscriberId);
  return { sections, topics, frequency: row?.frequency ?? 'daily', topicAlerts: row?.topic_alerts === 1 };
}

export type SubscriberService = ReturnType<typeof createSubscriberService>;
