import { stringify } from 'csv-stringify/sync';
import type { Executor } from '../../db/schema.js';
import { notFound } from '../../kernel/errors.js';
import { assertCan, type Actor } from '../access/index.js';
import type { AuditService } from '../audit/index.js';
import type { Outbox } from '../outbox/index.js';
import type { SubscriberStatus } from './subscribers.table.js';

/** One subscriber in the newsroom's list. */
export interface SubscriberRow {
  id: string;
  email: string;
  status: SubscriberStatus;
  paused: boolean;
  frequency: 'daily' | 'weekly';
  signedUpAt: string | null;
  confirmedAt: string | null;
  sourcePath: string | null;
}

export interface SubscriberList {
  rows: SubscriberRow[];
  total: number;
  counts: Record<SubscriberStatus, number>;
}

const PAGE = 50;

/**
 * A spreadsheet opens a cell that starts with = + - @ as a formula: an address typed as
 * `=HYPERLINK(…)` must stay text, so such cells get a leading apostrophe.
 */
const safeCell = (v: string | null): string => (v && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ''));

/**
 * What admins do with subscribers as people: list, export (CSV) and erase. Each export and
 * erasure is audited; the audit names a subscriber only by their opaque id, so the log never
 * becomes a second copy of the list.
 */
export function createSubscriberAdmin(deps: { db: Executor; outbox: Outbox; audit: AuditService }) {
  const { db } = deps;
  return {
    async list(actor: Actor, q: { search?: string; status?: SubscriberStatus; page?: number } = {}): Promise<SubscriberList> {
      assertCan(actor, 'subscribers.manage');
      let query = db.selectFrom('subscribers');
      if (q.search?.trim())
        query = query.where(
          'email',
          'like',
          `%${q.search
            .trim()
            .toLowerCase()
            .replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
        );
      if (q.status) query = query.where('status', '=', q.status);
      const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await query
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('subscriber_id')
        .limit(PAGE)
        .offset(PAGE * Math.max(0, (q.page ?? 1) - 1))
        .execute();
      const byStatus = await db
        .selectFrom('subscribers')
        .select(['status', (eb) => eb.fn.countAll().as('n')])
        .groupBy('status')
        .execute();
      const counts: Record<SubscriberStatus, number> = { pending: 0, confirmed: 0, unsubscribed: 0 };
      for (const r of byStatus) counts[r.status] = Number(r.n);
      return {
        total,
        counts,
        rows: rows.map((r) => ({
          id: r.subscriber_id,
          email: r.email,
          status: r.status,
          paused: r.paused_at !== null,
          frequency: r.frequency,
          signedUpAt: r.signed_up_at,
          confirmedAt: r.confirmed_at,
          sourcePath: r.source_path,
        })),
      };
    },

    /** One subscriber with their choices and consent record, for the page that can erase them. */
    async detail(actor: Actor, subscriberId: string) {
      assertCan(actor, 'subscribers.manage');
      const row = await db.selectFrom('subscribers').selectAll().where('subscriber_id', '=', subscriberId).executeTakeFirst();
      if (!row) throw notFound('SUBSCRIBER_NOT_FOUND', 'There is no such subscriber; they may have been erased.');
      const consents = await db
        .selectFrom('subscriber_consents')
        .select(['event', 'at', 'source_path', 'wording'])
        .where('subscriber_id', '=', subscriberId)
        .orderBy('at')
        .orderBy('consent_id')
        .execute();
      const topics = await db
        .selectFrom('subscriber_topics as st')
        .innerJoin('topics as t', 't.topic_id', 'st.topic_id')
        .select(['t.name', 'st.followed_at'])
        .where('st.subscriber_id', '=', subscriberId)
        .orderBy('t.name')
        .execute();
      const sections = await db
        .selectFrom('subscriber_sections as ss')
        .innerJoin('sections as s', 's.section_id', 'ss.section_id')
        .select('s.name')
        .where('ss.subscriber_id', '=', subscriberId)
        .orderBy('s.position')
        .execute();
      return {
        id: row.subscriber_id,
        email: row.email,
        status: row.status,
        paused: row.paused_at !== null,
        frequency: row.frequency,
        topicAlerts: row.topic_alerts === 1,
        signedUpAt: row.signed_up_at,
        confirmedAt: row.confirmed_at,
        sections: sections.map((s) => s.name),
        topics: topics.map((t) => ({ name: t.name, since: t.followed_at })),
        consents: consents.map((c) => ({ event: c.event, at: c.at, sourcePath: c.source_path, wording: c.wording })),
      };
    },

    /** Every subscriber with their choices and consent dates, as CSV; audited. */
    async exportCsv(actor: Actor, ip: string | null): Promise<{ csv: string; count: number }> {
      assertCan(actor, 'subscribers.manage');
      return deps.outbox.transaction(async (tx) => {
        const rows = await tx.db.selectFrom('subscribers').selectAll().orderBy('created_at').orderBy('subscriber_id').execute();
        const sections = await tx.db
          .selectFrom('subscriber_sections as ss')
          .innerJoin('sections as s', 's.section_id', 'ss.section_id')
          .select(['ss.subscriber_id', 's.name'])
          .orderBy('s.position')
          .execute();
        const topics = await tx.db
          .selectFrom('subscriber_topics as st')
          .innerJoin('topics as t', 't.topic_id', 'st.topic_id')
          .select(['st.subscriber_id', 't.name'])
          .orderBy('t.name')
          .execute();
        const group = (list: Array<{ subscriber_id: string; name: string }>) => {
          const m = new Map<string, string[]>();
          for (const r of list) m.set(r.subscriber_id, [...(m.get(r.subscriber_id) ?? []), r.name]);
          return m;
        };
        const bySection = group(sections);
        const byTopic = group(topics);
        const csv = stringify(
          rows.map((r) => [
            r.subscriber_id,
            safeCell(r.email),
            r.status,
            r.paused_at ? 'yes' : 'no',
            r.frequency,
            safeCell((bySection.get(r.subscriber_id) ?? []).join('; ')),
            safeCell((byTopic.get(r.subscriber_id) ?? []).join('; ')),
            r.topic_alerts ? 'alerts' : 'digest',
            r.signed_up_at ?? '',
            r.confirmed_at ?? '',
            safeCell(r.source_path),
          ]),
          {
            header: true,
            columns: [
              'id',
              'email',
              'status',
              'paused',
              'frequency',
              'sections',
              'topics',
              'topic_mail',
              'signed_up_at',
              'confirmed_at',
              'source_page',
            ],
            record_delimiter: 'windows',
          },
        );
        await deps.audit.record(tx, {
          actor,
          action: 'subscribers.exported',
          summary: `Exported ${rows.length} newsletter ${rows.length === 1 ? 'subscriber' : 'subscribers'} as CSV`,
          ip,
        });
        return { csv, count: rows.length };
      });
    },

    /**
     * Erases a subscriber completely (the right to erasure): their row, choices, links and
     * consent record. A suppression stays, as it holds only a keyed hash of the address.
     */
    async erase(actor: Actor, subscriberId: string, ip: string | null): Promise<void> {
      assertCan(actor, 'subscribers.manage');
      await deps.outbox.transaction(async (tx) => {
        // Their messages in every issue's list go too: those rows hold the address.
        await tx.db.deleteFrom('newsletter_recipients').where('subscriber_id', '=', subscriberId).execute();
        const gone = await tx.db.deleteFrom('subscribers').where('subscriber_id', '=', subscriberId).executeTakeFirst();
        if (Number(gone.numDeletedRows) !== 1)
          throw notFound('SUBSCRIBER_NOT_FOUND', 'There is no such subscriber; they may have been erased already.');
        await deps.audit.record(tx, {
          actor,
          action: 'subscriber.erased',
          subject: { type: 'subscriber', id: subscriberId },
          summary: 'Erased a newsletter subscriber and everything kept about them, at their request',
          ip,
        });
      });
    },
  };
}

export type SubscriberAdmin = ReturnType<typeof createSubscriberAdmin>;
