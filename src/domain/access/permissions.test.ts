import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../kernel/errors.js';
import { systemActor, type StaffActor } from './actor.js';
import { ACTIONS, assertCan, can, ROLES, type Action, type Role } from './permissions.js';

/** The whole table, written out: C = contributor, E = editor, A = admin. */
const EXPECTED: Record<Action, string> = {
  'article.create': 'CEA',
  'article.edit': 'CEA',
  'article.submit': 'CEA',
  'article.review': 'EA',
  'article.schedule': 'EA',
  'article.publish': 'EA',
  'article.unpublish': 'EA',
  'article.correct': 'EA',
  'article.import': 'CEA',
  'article.delete': 'EA',
  'media.upload': 'CEA',
  'media.manage': 'EA',
  'taxonomy.manage': 'EA',
  'people.manage': 'EA',
  'staff.manage': 'A',
  'settings.manage': 'A',
  'audit.view': 'A',
  'api.manage': 'A',
  'newsletter.compose': 'EA',
  'newsletter.send': 'EA',
  'subscribers.manage': 'A',
};

const staff = (role: Role, id = `${role}-1`): StaffActor => ({ kind: 'staff', id, role, name: role, email: `${role}@example.org` });
const letter: Record<Role, string> = { contributor: 'C', editor: 'E', admin: 'A' };

test('every role × action, on the role’s own draft', () => {
  assert.deepEqual([...ACTIONS].sort(), Object.keys(EXPECTED).sort(), 'the table covers every action');
  for (const action of ACTIONS) {
    for (const role of ROLES) {
      const actor = staff(role);
      const allowed = EXPECTED[action].includes(letter[role]);
      assert.equal(can(actor, action, { ownerId: actor.id, status: 'draft' }), allowed, `${role} ${action}`);
      if (allowed) assertCan(actor, action, { ownerId: actor.id, status: 'draft' });
      else
        assert.throws(
          () => assertCan(actor, action, { ownerId: actor.id, status: 'draft' }),
          (e) => isAppError(e) && e.code === 'FORBIDDEN' && e.status === 403 && /Your role does not allow you to/.test(e.message),
        );
    }
  }
});

test('a contributor edits and submits only their own drafts; editors and admins any article', () => {
  const contributor = staff('contributor', 'c1');
  assert.equal(can(contributor, 'article.edit', { ownerId: 'someone-else', status: 'draft' }), false);
  assert.equal(can(contributor, 'article.edit', { ownerId: 'c1', status: 'published' }), false);
  assert.equal(can(contributor, 'article.submit', { ownerId: 'c1', status: 'in_review' }), false);
  assert.equal(can(contributor, 'article.edit', { ownerId: 'c1', status: 'draft' }), true);
  for (const role of ['editor', 'admin'] as const)
    assert.equal(can(staff(role), 'article.edit', { ownerId: 'someone-else', status: 'published' }), true, role);
});

test('the system (command line, demo loader, jobs) may do everything', () => {
  for (const action of ACTIONS) assert.equal(can(systemActor('command line'), action), true, action);
});
