import { AppError } from '../../kernel/errors.js';
import type { Actor } from './actor.js';

/** What a member of staff may do. */
export type Role = 'contributor' | 'editor' | 'admin';

/** Every role, least powerful first. */
export const ROLES: readonly Role[] = ['contributor', 'editor', 'admin'];

/** Everything the newsroom lets someone do; each service checks the one it performs. */
export type Action =
  | 'article.create'
  | 'article.edit'
  | 'article.submit'
  | 'article.review'
  | 'article.schedule'
  | 'article.publish'
  | 'article.unpublish'
  | 'article.correct'
  | 'article.delete'
  | 'article.import'
  | 'media.upload'
  | 'media.manage'
  | 'taxonomy.manage'
  | 'people.manage'
  | 'staff.manage'
  | 'settings.manage'
  | 'audit.view'
  | 'api.manage'
  | 'newsletter.compose'
  | 'newsletter.send'
  | 'subscribers.manage';

/** What an action is done to, where the answer depends on it: whose article, in which state. */
export interface Subject {
  /** The staff member who owns it (an article's creator). */
  ownerId?: string | null;
  /** An article's status: a contributor may only touch their own drafts. */
  status?: string;
}

const DESCRIPTIONS: Record<Action, string> = {
  'article.create': 'write articles',
  'article.edit': 'edit this article',
  'article.submit': 'submit this article for review',
  'article.review': 'review articles',
  'article.schedule': 'schedule articles',
  'article.publish': 'publish articles',
  'article.unpublish': 'withdraw articles',
  'article.correct': 'correct published articles',
  'article.delete': 'delete drafts',
  'article.import': 'import articles',
  'media.upload': 'add pictures to the library',
  'media.manage': 'edit or delete other people’s pictures',
  'taxonomy.manage': 'manage sections, topics and series',
  'people.manage': 'manage authors',
  'staff.manage': 'manage staff accounts',
  'settings.manage': 'change the site settings',
  'audit.view': 'read the audit log',
  'api.manage': 'manage API keys',
  'newsletter.compose': 'compose newsletters',
  'newsletter.send': 'send newsletters',
  'subscribers.manage': 'export or erase newsletter subscribers',
};

/** Every action, for tables and tests (the keys of the descriptions, so none lacks one). */
export const ACTIONS = Object.keys(DESCRIPTIONS) as readonly Action[];

// A contributor's imports land as drafts (publishing needs 'article.publish').
const CONTRIBUTOR: ReadonlySet<Action> = new Set(['article.create', 'article.edit', 'article.submit', 'article.import', 'media.upload']);
const EDITOR: ReadonlySet<Action> = new Set([
  ...CONTRIBUTOR,
  'article.review',
  'article.schedule',
  'article.publish',
  'article.unpublish',
  'article.correct',
  'article.delete',
  'media.manage',
  'taxonomy.manage',
  'people.manage',
  'newsletter.compose',
  'newsletter.send',
]);
const ADMIN: ReadonlySet<Action> = new Set(ACTIONS);

/** The one table of who may do what. */
export const GRANTS: Readonly<Record<Role, ReadonlySet<Action>>> = { contributor: CONTRIBUTOR, editor: EDITOR, admin: ADMIN };

/** Actions a contributor may take only on their own drafts. */
const OWN_DRAFTS_ONLY: ReadonlySet<Action> = new Set(['article.edit', 'article.submit']);

/** True when `actor` may do `action` (to `subject`). The system may do everything. */
export function can(actor: Actor, action: Action, subject: Subject = {}): boolean {
  if (actor.kind === 'system') return true;
  if (!GRANTS[actor.role].has(action)) return false;
  if (actor.role === 'contributor' && OWN_DRAFTS_ONLY.has(action)) {
    return subject.ownerId === actor.id && (subject.status === undefined || subject.status === 'draft');
  }
  return true;
}

/** Throws FORBIDDEN (403) unless `actor` may do `action`; every service calls this before it acts. */
export function assertCan(actor: Actor, action: Action, subject: Subject = {}): void {
  if (!can(actor, action, subject)) throw new AppError('FORBIDDEN', `Your role does not allow you to ${DESCRIPTIONS[action]}.`);
}
