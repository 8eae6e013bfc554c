import type { Role } from './permissions.js';

/**
 * Who is acting, passed to every service method that changes something: a signed-in member of
 * staff, or the system itself (the command line, the demo loader, a scheduled job), which the
 * audit log records by name.
 */
export type Actor = StaffActor | SystemActor;

export interface StaffActor {
  kind: 'staff';
  id: string;
  role: Role;
  name: string;
  email: string;
}

export interface SystemActor {
  kind: 'system';
  /** What acted: "command line", "demo loader", "scheduler" … */
  name: string;
}

/** The system acting under `name`; it may do everything, and the audit log says it did. */
export const systemActor = (name: string): SystemActor => ({ kind: 'system', name });

/** How the audit log names an actor. */
export const actorLabel = (actor: Actor): string => (actor.kind === 'staff' ? `${actor.name} <${actor.email}>` : `system: ${actor.name}`);
