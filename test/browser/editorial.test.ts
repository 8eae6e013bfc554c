import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { systemActor } from '../../src/domain/access/index.js';
import { toUkLocal } from '../../src/kernel/uk-time.js';
import { TEST_NOW } from '../helpers/app.js';
import { testClock } from '../helpers/clock.js';
import { axeViolations, browserSkipReason, seriousFindings, useBrowserApp } from './browser.js';

/**
 * An article's day in real Chromium: a contributor writes a draft and submits it; an editor
 * schedules it a minute ahead and it reaches the home page on time (a test clock stands in
 * for the minute); the editor corrects it and the reader page says "Updated" with the note;
 * the revision diff shows an edit; and two editors saving the same article lose nothing.
 */

const skip = browserSkipReason();
const PASSWORD = 'marching band of tubas at dawn';
const HEADLINE = 'Royal Marines train in the Arctic';
const clock = testClock(TEST_NOW);

const app = useBrowserApp('editorial', {
  clock,
  setup: async ({ ctx }) => {
    for (const [email, name, role] of [
      ['writer@garrison.example', 'Wren Writer', 'contributor'],
      ['editor@garrison.example', 'Eddie Editor', 'editor'],
      ['second@garrison.example', 'Sasha Second', 'editor'],
    ] as const)
      await ctx.services.staff.createUser(systemActor('test'), { email, name, role, password: PASSWORD });
  },
});

/** A signed-in browser of its own (its own cookies) for one member of staff. */
async function signIn(email: string, opts: { enforceCsp?: boolean } = {}): Promise<Page> {
  // axe-core is injected as a script, which the policy forbids; pages checked with it bypass the policy.
  const context = await app.browser.newContext({
    baseURL: app.origin,
    bypassCSP: !opts.enforceCsp,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto('/newsroom/articles');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/newsroom/articles');
  return page;
}

async function assertAccessible(page: Page, where: string) {
  const { serious, message } = seriousFindings(where, await axeViolations(page));
  assert.equal(serious.length, 0, message);
}

const status = async (page: Page) => (await page.getByRole('status').first().textContent()) ?? '';

test('write, submit, schedule, publish on time, correct, compare revisions; two editors lose nothing', { skip }, async () => {
  // The contributor writes and submits.
  const writer = await signIn('writer@garrison.example');
  await assertAccessible(writer, 'the article list');
  await writer.getByRole('link', { name: 'Write an article' }).click();
  await assertAccessible(writer, 'the new article form');
  await writer.getByLabel('Section').fill('Navy');
  await writer.getByLabel('Headline').fill(HEADLINE);
  await writer.getByLabel('Standfirst').fill('Commandos spent six weeks inside the Arctic Circle.');
  await writer.getByLabel('Body').fill('The training took place in northern Norway.\n\nTemperatures fell to minus 30.');
  await writer.getByLabel('Topic 1', { exact: true }).fill('Royal Marines');
  await writer.getByLabel('Topic 2', { exact: true }).fill('Norway');
  await writer.getByRole('button', { name: 'Save draft' }).first().click();
  assert.match(await status(writer), /Draft saved/);
  const editorUrl = writer.url().replace(/\?.*$/, '');
  await assertAccessible(writer, 'the editor');

  // Under the real content security policy, the editor's script renders a live preview as the writer types.
  const strict = await signIn('writer@garrison.example', { enforceCsp: true });
  await strict.goto(editorUrl);
  await strict.getByLabel('Body').fill('The training took place in **northern Norway**.');
  await strict.locator('.nr-preview .article-body strong', { hasText: 'northern Norway' }).waitFor({ timeout: 10_000 });
  await strict.context().close();

  await writer.getByRole('button', { name: 'Submit for review' }).click();
  assert.match(await status(writer), /Submitted for review/);

  // The editor finds it in review and schedules it a minute ahead.
  const editor = await signIn('editor@garrison.example');
  await editor.getByLabel('Status').selectOption('in_review');
  await editor.getByRole('button', { name: 'Show' }).click();
  await editor.getByRole('link', { name: HEADLINE }).click();
  const inAMinute = new Date(clock.now().getTime() + 60_000).toISOString();
  await editor.getByLabel('Publish at (UK time)').fill(toUkLocal(inAMinute));
  await editor.getByRole('button', { name: 'Schedule' }).click();
  assert.match(await status(editor), /Scheduled/);
  assert.match((await editor.locator('.nr-workflow').textContent()) ?? '', /Scheduled for 27 November 2026, 12:01 GMT/);

  const reader = await (await app.browser.newContext({ baseURL: app.origin })).newPage();
  await reader.goto('/');
  assert.equal(await reader.getByText(HEADLINE).count(), 0, 'not before its time');
  clock.advance(61_000);
  assert.equal(await app.ctx.runner.runDue(), 1, 'the publication job ran');
  // A reload asks the server again rather than the browser's cache (pages may be cached for a minute).
  await reader.reload();
  await reader.getByRole('link', { name: HEADLINE }).first().click();
  assert.equal(await reader.getByRole('heading', { level: 1 }).textContent(), HEADLINE);

  // Ten minutes later the editor corrects it: the reader page says so.
  clock.advance(10 * 60_000);
  await editor.goto(editorUrl);
  await editor.getByLabel('What readers will see').fill('An earlier version said the training was in Sweden.');
  await editor.getByRole('button', { name: 'Add to the article' }).click();
  assert.match(await status(editor), /Added to the article/);
  await reader.reload();
  const dates = (await reader.locator('.byline-dates').textContent()) ?? '';
  assert.match(dates, /Updated 27 November 2026, 12:11 GMT/);
  assert.match(
    (await reader.locator('.article-notes').textContent()) ?? '',
    /Correction, 27 November 2026, 12:11 GMT: An earlier version said the training was in Sweden\./,
  );

  // An edit to the live article, then the revision diff shows it word by word.
  await editor.goto(editorUrl);
  await editor.getByLabel('Body').fill('The training took place in northern Norway.\n\nTemperatures fell to minus 35.');
  await editor.getByRole('button', { name: 'Save', exact: true }).first().click();
  assert.match(await status(editor), /Saved/);
  await editor.getByRole('link', { name: 'Revisions' }).click();
  await assertAccessible(editor, 'the revisions page');
  await editor.getByRole('button', { name: 'Compare' }).click();
  assert.equal(await editor.locator('.nr-diff del', { hasText: '30' }).count(), 1);
  assert.equal(await editor.locator('.nr-diff ins', { hasText: '35' }).count(), 1);
  await assertAccessible(editor, 'a revision comparison');

  // Two editors open the same article; the second save is refused and both texts stay.
  const second = await signIn('second@garrison.example');
  await editor.goto(editorUrl);
  await second.goto(editorUrl);
  assert.match((await second.locator('.nr-lock-banner').textContent()) ?? '', /Being edited by Eddie Editor/);
  await editor.getByLabel('Standfirst').fill('First editor: six weeks in the Arctic.');
  await editor.getByRole('button', { name: 'Save', exact: true }).first().click();
  assert.match(await status(editor), /Saved/);
  await second.getByLabel('Standfirst').fill('Second editor: a winter with the commandos.');
  await second.getByRole('button', { name: 'Save', exact: true }).first().click();
  assert.match((await second.getByRole('alert').textContent()) ?? '', /Someone saved this article after you opened it/);
  assert.equal(await second.locator('td[data-side="theirs"]', { hasText: 'First editor: six weeks in the Arctic.' }).count(), 1);
  assert.equal(await second.locator('td[data-side="mine"]', { hasText: 'Second editor: a winter with the commandos.' }).count(), 1);
  assert.equal(
    await second.getByLabel('Standfirst').inputValue(),
    'Second editor: a winter with the commandos.',
    'the refused text is kept',
  );
  await assertAccessible(second, 'the conflict page');
  const stored = await app.ctx.services.articles.getForEdit(editorUrl.split('/').pop()!);
  assert.equal(stored.standfirst, 'First editor: six weeks in the Arctic.', 'nobody was overwritten');
});
