import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../../src/db/database.js';
import { createTestContext, type TestContext } from '../helpers/app.js';
import { despatchWithInput } from '../helpers/cli.js';
import { axeViolations, browserSkipReason, freePort, launchChromium, seriousFindings } from './browser.js';

/**
 * The newsroom's first day, in real Chromium: the first admin is made with the command line,
 * signs in, invites an editor; the editor sets a password through the link and signs in; the
 * admin makes them an admin; they rename the outlet and the reader site shows it; the audit
 * log lists every step. axe-core checks each newsroom page on the way.
 */

const skip = browserSkipReason();
const ADMIN = { email: 'hannah.ward@garrison.example', password: 'brass buttons on a parade ground' };
const EDITOR = { email: 'sam.okafor@garrison.example', name: 'Sam Okafor', password: 'night ferry across the solent' };

let dir: string;
let ctx: TestContext;
let browser: Browser;
let origin: string;
let databaseUrl: string;

/** Runs `despatch ARGS` against the test's database, with `input` on standard input. */
const despatch = (input: string, ...args: string[]) =>
  despatchWithInput(input, args, { env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, SITE_URL: origin } });

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'despatch-newsroom-'));
  databaseUrl = `sqlite:${join(dir, 'site.db')}`;
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  ctx = await createTestContext({ database: { name: 'sqlite', open: () => openDatabase(databaseUrl) }, demo: true, siteUrl: origin });
  await ctx.app.listen({ port, host: '127.0.0.1' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await ctx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A browser of its own for one person: its own cookies. */
async function person(): Promise<Page> {
  const context = await browser.newContext({ baseURL: origin, bypassCSP: true, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

async function assertAccessible(page: Page, where: string) {
  const { serious, message } = seriousFindings(where, await axeViolations(page));
  assert.equal(serious.length, 0, message);
}

test('first admin from the command line, an invited editor, a renamed outlet, all in the audit log', { skip }, async () => {
  const made = await despatch(
    `${ADMIN.password}\n`,
    'user',
    'create',
    '--email',
    ADMIN.email,
    '--name',
    'Hannah Ward',
    '--role',
    'admin',
    '--password-stdin',
  );
  assert.equal(made.code, 0, made.stderr);

  const admin = await person();
  await admin.goto('/newsroom/staff');
  assert.equal(await admin.getByRole('heading', { level: 1 }).textContent(), 'Sign in to the newsroom', 'signing in comes first');
  await assertAccessible(admin, 'the sign-in page');
  await admin.getByRole('link', { name: 'Forgotten your password?' }).click();
  await assertAccessible(admin, 'the forgotten-password page');
  await admin.goto('/newsroom/staff');
  await admin.getByLabel('Email address').fill(ADMIN.email);
  await admin.getByLabel('Password').fill('not my password at all');
  await admin.getByRole('button', { name: 'Sign in' }).click();
  assert.match((await admin.getByRole('alert').textContent()) ?? '', /do not match an account/);
  assert.equal(await admin.getByLabel('Email address').inputValue(), ADMIN.email, 'the address is kept');
  await admin.getByLabel('Password').fill(ADMIN.password);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin.waitForURL('**/newsroom/staff');
  await assertAccessible(admin, 'the staff page');

  // Invite an editor; a bad address first comes back with the error tied to the field.
  await admin.getByLabel('Email address').fill('sam.okafor');
  await admin.getByLabel('Name').fill(EDITOR.name);
  await admin.getByLabel('Role', { exact: true }).selectOption('editor');
  await admin.getByRole('button', { name: 'Invite' }).click();
  const emailField = admin.getByLabel('Email address');
  assert.equal(await emailField.getAttribute('aria-invalid'), 'true');
  assert.equal(await admin.evaluate(() => document.activeElement?.id), 'email', 'the field in error has focus');
  await assertAccessible(admin, 'the staff page with an error');
  await emailField.fill(EDITOR.email);
  await admin.getByRole('button', { name: 'Invite' }).click();
  await admin.getByText(`We emailed an invitation to ${EDITOR.name}`).waitFor();
  await assertAccessible(admin, 'the invitation page');
  // No mail server in the test: the invitation is in the newsroom's outbox.
  await admin.getByRole('link', { name: 'outbox', exact: true }).click();
  await assertAccessible(admin, 'the outbox');
  await admin
    .getByRole('link', { name: /your newsroom account/ })
    .first()
    .click();
  await assertAccessible(admin, 'a message in the outbox');
  const link = /https?:\/\/\S+\/newsroom\/password\/[A-Za-z0-9_-]+/.exec(await admin.locator('.nr-mail-text').innerText())![0];
  assert.match(link, new RegExp(`^${origin}/newsroom/password/`));

  const editor = await person();
  await editor.goto(link);
  await assertAccessible(editor, 'the set-password page');
  await editor.getByLabel('New password').fill(EDITOR.password);
  await editor.getByRole('button', { name: 'Save password' }).click();
  await editor.getByLabel('Password').fill(EDITOR.password);
  await editor.getByRole('button', { name: 'Sign in' }).click();
  await editor.waitForURL(/\/newsroom$/);
  assert.match((await editor.getByRole('heading', { level: 1 }).textContent()) ?? '', /Good to see you, Sam Okafor/);
  assert.equal(
    await editor.getByRole('navigation', { name: 'Newsroom' }).getByRole('link', { name: 'Settings' }).count(),
    0,
    'an editor has no settings',
  );
  const refused = await editor.goto('/newsroom/settings');
  assert.equal(refused?.status(), 403);
  await assertAccessible(editor, 'the overview page');

  // The admin makes them an admin; they rename the outlet.
  await admin.goto('/newsroom/staff');
  await admin.getByLabel(`Role of ${EDITOR.name}`).selectOption('admin');
  await admin.getByRole('button', { name: `Save role of ${EDITOR.name}` }).click();
  assert.match((await admin.getByRole('status').textContent()) ?? '', /Role changed/);

  await editor.goto('/newsroom/settings');
  await assertAccessible(editor, 'the settings page');
  await editor.getByLabel('Outlet name').fill('The Garrison Dispatch');
  await editor.getByRole('button', { name: 'Save settings' }).click();
  assert.match((await editor.getByRole('status').textContent()) ?? '', /Settings saved/);

  const reader = await person();
  await reader.goto('/');
  assert.equal(await reader.locator('.brand').first().textContent(), 'The Garrison Dispatch', 'the reader site shows it at once');

  await admin.goto('/newsroom/audit');
  await assertAccessible(admin, 'the audit log');
  const log = (await admin.locator('table').textContent()) ?? '';
  for (const step of [
    /system: command line.*staff\.created.*Created admin account for Hannah Ward/s,
    /staff\.sign_in_failed.*Failed sign-in for hannah\.ward@garrison\.example/s,
    /staff\.signed_in/,
    /staff\.created.*Created editor account for Sam Okafor/s,
    /staff\.password_set.*Sam Okafor set their password/s,
    /staff\.role_changed.*from editor to admin/s,
    /site\.settings_updated.*The Garrison Dispatch/s,
  ])
    assert.match(log, step);

  // On a phone the staff table scrolls inside its frame; the page itself never scrolls sideways.
  const phone = await browser.newContext({ baseURL: origin, viewport: { width: 390, height: 800 } });
  await phone.addCookies(await admin.context().cookies());
  const small = await phone.newPage();
  for (const path of ['/newsroom/staff', '/newsroom/audit', '/newsroom/settings']) {
    await small.goto(path);
    // Measured against the page's own width: a desktop-style scrollbar's reserved gutter is not overflow.
    const { scrollWidth, clientWidth } = (await small.evaluate(
      '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
    )) as { scrollWidth: number; clientWidth: number };
    assert.ok(clientWidth >= 375 && scrollWidth <= clientWidth, `${path} fits a 390px phone (${scrollWidth} in ${clientWidth})`);
  }
  await phone.close();

  await admin.goto('/newsroom/account');
  await assertAccessible(admin, 'the account page');
  await admin.getByRole('button', { name: 'Sign out everywhere' }).click();
  await admin.waitForURL('**/newsroom/login');
  await admin.goto('/newsroom/audit');
  assert.equal(await admin.getByRole('heading', { level: 1 }).textContent(), 'Sign in to the newsroom', 'signed out');
});
