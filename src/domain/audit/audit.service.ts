import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { newSortableId } from '../../kernel/ids.js';
import { actorLabel, assertCan, type Actor } from '../access/index.js';
import type { Outbox, Tx } from '../outbox/index.js';
import { insertAuditEntries, listAuditActions, listAuditEntries } from './audit.repository.js';
import type { AuditLogTable } from './audit.table.js';

/** One thing to record: who did what to what. */
export interface AuditEntry {
  actor: Actor;
  action: string;
  subject?: { type: string; id: string } | undefined;
  summary: string;
  ip?: string | null | undefined;
}

/** An entry as the log shows it. */
export interface AuditRecord {
  id: string;
  at: string;
  actor: string;
  actorId: string | null;
  action: string;
  subject: { type: string; id: string } | null;
  summary: string;
  ip: string | null;
}

/** A page of the log and where the next one starts. */
export interface AuditPage {
  entries: AuditRecord[];
  next: string | null;
}

const PAGE_SIZE = 50;

/**
 * The audit log: append-only. `record(tx, …)` writes an entry in the same transaction as the
 * change it describes, so the log never claims what did not happen nor misses what did;
 * `recordAlone` is for things that change nothing else (a failed sign-in).
 */
export function createAuditService(deps: { db: Executor; clock: Clock; outbox: Outbox }) {
  const row = (entry: AuditEntry): AuditLogTable => ({
    audit_id: newSortableId(),
    at: deps.clock.now().toISOString(),
    actor_kind: entry.actor.kind,
    actor_id: entry.actor.kind === 'staff' ? entry.actor.id : null,
    actor_label: actorLabel(entry.actor),
    action: entry.action,
    subject_type: entry.subject?.type ?? null,
    subject_id: entry.subject?.id ?? null,
    summary: entry.summary,
    ip: entry.ip ?? null,
  });

  return {
    /** Records `entry` inside the caller's write. */
    async record(tx: Tx, entry: AuditEntry): Promise<void> {
      await insertAuditEntries(tx.db, [row(entry)]);
    },

    /** Records `entry` as a write of its own. */
    async recordAlone(entry: AuditEntry): Promise<void> {
      await deps.outbox.transaction((tx) => insertAuditEntries(tx.db, [row(entry)]));
    },

    /** A page of the log, newest first (admins only). `cursor` is the `next` of the page before. */
    async list(
      actor: Actor,
      filter: { actorId?: string; action?: string; subjectType?: string; subjectId?: string; cursor?: string } = {},
    ): Promise<AuditPage> {
      assertCan(actor, 'audit.view');
      const before = decodeCursor(filter.cursor);
      const rows = await listAuditEntries(deps.db, {
        actorId: filter.actorId,
        action: filter.action,
        subjectType: filter.subjectType,
        subjectId: filter.subjectId,
        before,
        limit: PAGE_SIZE + 1,
      });
      const entries = rows.slice(0, PAGE_SIZE).map(toRecord);
      const last = entries.at(-1);
      return { entries, next: rows.length > PAGE_SIZE && last ? encodeCursor(last.at, last.id) : null };
    },

    /** The actions that occur in the log (admins only), for filtering. */
    async actions(actor: Actor): Promise<string[]> {
      assertCan(actor, 'audit.view');
      return listAuditActions(deps.db);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

const toRecord = (r: AuditLogTable): AuditRecord => ({
  id: r.audit_id,
  at: r.at,
  actor: r.actor_label,
  actorId: r.actor_id,
  action: r.action,
  subject: r.subject_type && r.subject_id ? { type: r.subject_type, id: r.subject_id } : null,
  summary: r.summary,
  ip: r.ip,
});

const encodeCursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');

/** A cursor from the URL; anything malformed starts from the newest entry. */
function decodeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') return { at: value[0], id: value[1] };
  } catch {
    // fall through
  }
  return undefined;
}
