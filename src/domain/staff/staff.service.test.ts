import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../kernel/errors.js';
import { systemActor, type Actor } from '../access/index.js';
import { forEachDatabase } from '../../../test/helpers/databases.js';
import { useServices, type ServiceContext } from '../../../test/helpers/services.js';

const CLI = systemActor('command line');
const PASSWORD = 'correct horse battery staple';
let counter = 0;
const address = (who: string) => `${who}.${++counter}@garrison.example`;

/** A staff member with a password, made by the command line; returns their actor. */
async function aStaffMember(ctx: ServiceContext, role: 'contributor' | 'editor' | 'admin', email = address(role)) {
  const { user } = await ctx.services.staff.createUser(CLI, { email, name: `Test ${role}`, role, password: PASSWORD });
  return { user, actor: await ctx.services.staff.actAs(email), email };
}

/** Signs in where no second factor is set up: the result must be a session. */
async function signedInWith(
  ctx: ServiceContext,
  input: { email: string; password: string; previousSessionId?: string },
  meta: { ip?: string } = {},
) {
  const result = await ctx.services.staff.signIn(input, meta);
  assert.ok('sessionId' in result, 'signed in without a second factor');
  return result;
}

const code = (c: string) => (e: unknown) => isAppError(e) && e.code === c;

forEachDatabase('staff service', (database) => {
  const ctx = useServices(database);

  test('an account made without a password gets a one-time link that sets it, once', async () => {
    const admin = await aStaffMember(ctx, 'admin');
    const email = address('invited');
    const { user, link } = await ctx.services.staff.createUser(admin.actor, { email, name: 'Ivy Invited', role: 'editor' });
    assert.equal(user.hasPassword, false);
    assert.match(link!, /^https:\/\/example\.org\/newsroom\/password\/[A-Za-z0-9_-]{43}$/);
    const token = link!.split('/').pop()!;
    assert.deepEqual(await ctx.services.staff.checkPasswordLink(token), { purpose: 'set_password', name: 'Ivy Invited', email });
    await assert.rejects(ctx.services.staff.signIn({ email, password: PASSWORD }), code('SIGN_IN_FAILED'), 'no password yet');
    await ctx.services.staff.setPasswordWithLink(token, PASSWORD);
    await assert.rejects(ctx.services.staff.setPasswordWithLink(token, 'another long passphrase'), code('LINK_INVALID'), 'single use');
    const signedIn = await signedInWith(ctx, { email, password: PASSWORD });
    assert.equal(signedIn.session.actor.role, 'editor');
  });

  test('addresses are unique whatever their case; a bad address or role is a 422', async () => {
    const email = address('dup');
    await aStaffMember(ctx, 'editor', email);
    await assert.rejects(
      ctx.services.staff.createUser(CLI, { email: email.toUpperCase(), name: 'X', role: 'editor' }),
      code('EMAIL_TAKEN'),
    );
    await assert.rejects(
      ctx.services.staff.createUser(CLI, { email: 'not-an-address', name: 'X', role: 'editor' }),
      code('VALIDATION_FAILED'),
    );
    await assert.rejects(
      ctx.services.staff.createUser(CLI, { email: address('x'), name: 'X', role: 'owner' as never }),
      code('VALIDATION_FAILED'),
    );
  });

  test('weak passwords are refused: short, common, or made of the person’s name', async () => {
    for (const password of ['short1', 'password123456', 'qwertyuiop123', 'aaaaaaaaaaaaaaa'])
      await assert.rejects(
        ctx.services.staff.createUser(CLI, { email: address('weak'), name: 'Walter Weak', role: 'editor', password }),
        code('PASSWORD_WEAK'),
        password,
      );
    await assert.rejects(
      ctx.services.staff.createUser(CLI, {
        email: 'walter.weakling@garrison.example',
        name: 'Walter Weakling',
        role: 'editor',
        password: 'walterweakling1',
      }),
      code('PASSWORD_WEAK'),
    );
  });

  test('only admins manage staff, and the last admin stays an admin', async () => {
    const editor = await aStaffMember(ctx, 'editor');
    await assert.rejects(ctx.services.staff.listUsers(editor.actor), code('FORBIDDEN'));
    await assert.rejects(ctx.services.staff.changeRole(editor.actor, editor.user.id, 'admin'), code('FORBIDDEN'));

    // A database of its own would be cleaner; here every admin but one is demoted first.
    const all = await ctx.services.staff.listUsers(CLI);
    const admins = all.filter((u) => u.role === 'admin' && u.status === 'active');
    const last = admins.pop() ?? (await aStaffMember(ctx, 'admin')).user;
    for (const other of admins) await ctx.services.staff.changeRole(CLI, other.id, 'editor');
    await assert.rejects(ctx.services.staff.changeRole(CLI, last.id, 'editor'), code('LAST_ADMIN'));
    await assert.rejects(ctx.services.staff.disableUser(CLI, last.id), code('LAST_ADMIN'));
    assert.equal((await ctx.services.staff.getUser(CLI, last.id)).role, 'admin', 'nothing changed');
    const second = await aStaffMember(ctx, 'admin');
    await ctx.services.staff.changeRole(second.actor, last.id, 'editor');
    assert.equal((await ctx.services.staff.getUser(CLI, last.id)).role, 'editor');
  });

  test('a disabled account cannot sign in, and its sessions end at once', async () => {
    const editor = await aStaffMember(ctx, 'editor');
    const { sessionId } = await signedInWith(ctx, { email: editor.email, password: PASSWORD });
    assert.ok(await ctx.services.staff.resolveSession(sessionId));
    await ctx.services.staff.disableUser(CLI, editor.user.id);
    assert.equal(await ctx.services.staff.resolveSession(sessionId), null);
    await assert.rejects(ctx.services.staff.signIn({ email: editor.email, password: PASSWORD }), code('SIGN_IN_FAILED'));
  });

  test('unknown and known addresses get the same answer', async () => {
    const editor = await aStaffMember(ctx, 'editor');
    const answers: string[] = [];
    for (const email of [editor.email, address('nobody')]) {
      await assert.rejects(ctx.services.staff.signIn({ email, password: 'not the password at all' }), (e) => {
        assert.ok(isAppError(e));
        answers.push(`${e.code} ${e.status} ${e.message}`);
        return true;
      });
    }
    assert.equal(answers[0], answers[1]);
  });

  test('the 6th wrong password in a minute is throttled for that address from that network address only', async () => {
    const editor = await aStaffMember(ctx, 'editor');
    for (let i = 0; i < 5; i++)
      await assert.rejects(
        ctx.services.staff.signIn({ email: editor.email, password: `wrong guess ${i}` }, { ip: '203.0.113.9' }),
        code('SIGN_IN_FAILED'),
      );
    await assert.rejects(ctx.services.staff.signIn({ email: editor.email, password: PASSWORD }, { ip: '203.0.113.9' }), (e) => {
      assert.ok(isAppError(e) && e.code === 'SIGN_IN_THROTTLED' && e.status === 429);
      assert.ok(e.retryAfter! > 0 && e.retryAfter! <= 60, `retry after ${e.retryAfter}`);
      return true;
    });
    const elsewhere = await signedInWith(ctx, { email: editor.email, password: PASSWORD }, { ip: '198.51.100.20' });
    assert.equal(elsewhere.session.actor.id, editor.user.id, 'the real person, elsewhere, still signs in');
  });

  test('a session id is new at every sign-in, and sign-out everywhere ends them all', async () => {
    const editor = await aStaffMember(ctx, 'editor');
    const first = await signedInWith(ctx, { email: editor.email, password: PASSWORD });
    const second = await signedInWith(ctx, { email: editor.email, password: PASSWORD, previousSessionId: first.sessionId });
    assert.notEqual(second.sessionId, first.sessionId);
    assert.equal(await ctx.services.staff.resolveSession(first.sessionId), null, 'the id from before sign-in is void');
    const third = await signedInWith(ctx, { email: editor.email, password: PASSWORD });
    const session = (await ctx.services.staff.resolveSession(second.sessionId))!;
    assert.equal(await ctx.services.staff.signOutEverywhere(session), 2);
    assert.equal(await ctx.services.staff.resolveSession(second.sessionId), null);
    assert.equal(await ctx.services.staff.resolveSession(third.sessionId), null);
  });

  test('changing one’s password needs the current one and ends the other sessions', async () => {
    const editor = await aStaffMember(ctx, 'editor');
    const here = await signedInWith(ctx, { email: editor.email, password: PASSWORD });
    const there = await signedInWith(ctx, { email: editor.email, password: PASSWORD });
    await assert.rejects(ctx.services.staff.changePassword(here.session, 'not it', 'a brand new passphrase'), code('PASSWORD_WRONG'));
    await ctx.services.staff.changePassword(here.session, PASSWORD, 'a brand new passphrase');
    assert.ok(await ctx.services.staff.resolveSession(here.sessionId), 'this session stays');
    assert.equal(await ctx.services.staff.resolveSession(there.sessionId), null, 'the other one ended');
    await signedInWith(ctx, { email: editor.email, password: 'a brand new passphrase' });
  });

  test('the audit log records who did what, for admins only', async () => {
    const admin = await aStaffMember(ctx, 'admin');
    const editor = await aStaffMember(ctx, 'editor');
    await ctx.services.staff.changeRole(admin.actor, editor.user.id, 'contributor', { ip: '192.0.2.1' });
    const page = await ctx.services.audit.list(admin.actor, { subjectId: editor.user.id });
    const [latest, created] = page.entries;
    assert.equal(latest!.action, 'staff.role_changed');
    assert.equal(latest!.summary, "Changed Test editor's role from editor to contributor");
    assert.equal(latest!.actor, `Test admin <${admin.email}>`);
    assert.equal(latest!.ip, '192.0.2.1');
    assert.equal(created!.action, 'staff.created');
    assert.equal(created!.actor, 'system: command line');
    await assert.rejects(ctx.services.audit.list(editor.actor as Actor), code('FORBIDDEN'));
  });
});
