import type { Executor } from '../../db/schema.js';
import type { AuditLogTable } from './audit.table.js';

/** Appends entries; the log has no update or delete. */
export async function insertAuditEntries(ex: Executor, rows: AuditLogTable[]): Promise<void> {
  if (rows.length > 0) await ex.insertInto('audit_log').values(rows).execute();
}

/** What the log can be narrowed to. */
export interface AuditQuery {
  actorId?: string | undefined;
  /** An action, or its prefix ending in "." ("staff." for every staff action). */
  action?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  /** Only entries strictly older than this (at, audit_id) position: the next page. */
  before?: { at: string; id: string } | undefined;
  limit: number;
}

/** Entries newest first, narrowed by `q`. */
export function listAuditEntries(ex: Executor, q: AuditQuery): Promise<AuditLogTable[]> {
  let query = ex.selectFrom('audit_log').selectAll();
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.action) query = q.action.endsWith('.') ? query.where('action', 'like', `${q.action}%`) : query.where('action', '=', q.action);
  if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
  if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
  if (q.before) {
    const { at, id } = q.before;
    query = query.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('audit_id', '<', id)])]));
  }
  return query.orderBy('at', 'desc').orderBy('audit_id', 'desc').limit(q.limit).execute();
}

/** The distinct actions in the log, for the filter menu. */
export async function listAuditActions(ex: Executor): Promise<string[]> {
  const rows = await ex.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
