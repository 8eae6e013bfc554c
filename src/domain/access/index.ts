export { actorLabel, systemActor } from './actor.js';
export type { Actor, StaffActor, SystemActor } from './actor.js';
export { ACTIONS, GRANTS, ROLES, assertCan, can } from './permissions.js';
export type { Action, Role, Subject } from './permissions.js';
