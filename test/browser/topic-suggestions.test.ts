import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { systemActor } from '../../src/domain/access/index.js';
import { anArticle, FACTORY } from '../factories.js';
import { axeViolations, browserSkipReason, seriousFindings, useBrowserApp } from './browser.js';

/**
 * Suggestions in the editor in real Chromium, under the newsroom's real content security
 * policy: with the script, a topic's button saves the form and adds the topic without leaving
 * the page; a suggested pull quote's button saves the form with the quote added.
 */

const skip = browserSkipReason();
const PASSWORD = 'marching band of tubas at dawn';
const SEED = readFileSync(new URL('../../demo/seed/000_080c772065630276.txt', import.meta.url), 'utf8');
const [, HEADLINE, STANDFIRST, ...REST] = SEED.split('\n')
  .map((l) => l.trim())
  .filter(Boolean);
const BODY = REST.slice(0, REST.indexOf('Related topics')).join('\n\n');
let articleId = '';

const app = useBrowserApp('topic-suggestions', {
  setup: async ({ ctx }) => {
    await ctx.services.staff.createUser(systemActor('test'), {
      email: 'editor@garrison.example',
      name: 'Eddie Editor',
      role: 'editor',
      password: PASSWORD,
    });
    await ctx.services.taxonomy.ensureTopic(FACTORY, 'Vladimir Putin', { kind: 'person', distinctive: true });
    await ctx.services.taxonomy.ensureTopic(FACTORY, 'Russia', { kind: 'place' });
    articleId = (await anArticle(ctx, { headline: HEADLINE, standfirst: STANDFIRST, bodyMarkdown: BODY, topics: [], status: 'draft' })).id;
  },
});

/** The editor, signed in, on the article; axe-core is injected as a script, so its pages bypass the policy. */
async function openEditor(opts: { bypassCSP: boolean }) {
  const context = await app.browser.newContext({ baseURL: app.origin, viewport: { width: 1280, height: 900 }, bypassCSP: opts.bypassCSP });
  const page = await context.newPage();
  await page.goto('/newsroom/articles');
  await page.getByLabel('Email address').fill('editor@garrison.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/newsroom/articles');
  await page.goto(`/newsroom/articles/${articleId}`);
  return page;
}

test('a click adds a suggested topic, or creates a proposed one, and saves without leaving the editor', { skip }, async () => {
  const page = await openEditor({ bypassCSP: false });

  // An edit not yet saved goes with the click.
  await page.getByLabel('Kicker').fill('Analysis');
  const url = page.url();
  await page.getByRole('button', { name: 'Add Vladimir Putin' }).click();
  await page.locator('.nr-autosave-status', { hasText: 'Vladimir Putin added to the topics and saved.' }).waitFor({ timeout: 10_000 });
  assert.equal(page.url(), url, 'the page stayed');
  assert.equal(await page.getByLabel('Topic 1', { exact: true }).inputValue(), 'Vladimir Putin');
  assert.equal(await page.getByRole('button', { name: 'Add Vladimir Putin' }).count(), 0, 'the suggestion left the list');

  await page.getByRole('button', { name: 'Create topic and add Barack Obama' }).click();
  await page.locator('.nr-autosave-status', { hasText: 'Barack Obama added' }).waitFor({ timeout: 10_000 });
  assert.equal(await page.getByLabel('Topic 2', { exact: true }).inputValue(), 'Barack Obama');

  const saved = await app.ctx.services.articles.getForEdit(articleId);
  assert.deepEqual(saved.topics, ['Vladimir Putin', 'Barack Obama']);
  assert.equal(saved.kicker, 'Analysis');
  assert.equal((await app.ctx.services.taxonomy.getTopicBySlug('barack-obama')).kind, 'person');

  // The version moved on with each click, so an ordinary save after them is not refused.
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await page.waitForURL('**done=saved');
  await page.context().close();

  const checked = await openEditor({ bypassCSP: true });
  assert.ok(await checked.getByRole('button', { name: 'Create topic and add Bashar al-Assad' }).isVisible());
  const { serious, message } = seriousFindings('the editor with suggestions', await axeViolations(checked));
  assert.equal(serious.length, 0, message);
  await checked.context().close();
});

test('a click makes a suggested quote a pull quote, with its speaker, saving what was typed', { skip }, async () => {
  const page = await openEditor({ bypassCSP: false });
  const suggestion = page
    .locator('#suggested-quotes li')
    .filter({ has: page.locator('.nr-suggestion-detail', { hasNotText: 'Speaker not found' }) })
    .first();
  const quote = (await suggestion.locator('q').innerText()).trim();
  const speaker = (await suggestion.locator('.nr-suggestion-detail').innerText()).trim();
  assert.ok(quote.split(/\s+/).length >= 4, `a quote worth pulling: ${quote}`);

  await page.getByLabel('Kicker').fill('Comment');
  await suggestion.getByRole('button', { name: 'Use as pull quote' }).click();
  await page.waitForURL('**done=quote-added**');
  assert.equal(await page.getByLabel('Quote 1', { exact: true }).inputValue(), quote);
  assert.equal(await page.getByLabel('Speaker').first().inputValue(), speaker);
  assert.equal(await page.locator('#suggested-quotes q', { hasText: quote }).count(), 0, 'the quote left the suggestions');

  const saved = await app.ctx.services.articles.getForEdit(articleId);
  assert.deepEqual(saved.pullQuotes[0], { text: quote, speaker });
  assert.equal(saved.kicker, 'Comment');
  await page.context().close();
});
