/** Who acted: a member of staff, or the system (the command line, the demo loader, a job). */
export type ActorKind = 'staff' | 'system';

/** One thing someone did, kept for ever: rows are only ever added. */
export interface AuditLogTable {
  audit_id: string;
  /** ISO-8601 UTC. */
  at: string;
  actor_kind: ActorKind;
  /** The staff member's id; null for the system. */
  actor_id: string | null;
  /** The actor's name and address as they were at the time (a name may change later). */
  actor_label: string;
  /** What was done, e.g. `staff.signed_in`, `staff.role_changed`, `site.settings_updated`. */
  action: string;
  /** What it was done to, e.g. `staff`, `article`, `site`; null when nothing in particular. */
  subject_type: string | null;
  subject_id: string | null;
  /** A sentence for people reading the log ("Role changed from editor to admin"). */
  summary: string;
  /** The client's address, when the action came over HTTP. */
  ip: string | null;
}
