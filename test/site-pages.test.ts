import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FACTORY } from './factories.js';
import { buildTestApp } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { get, post, signedIn } from './helpers/newsroom.js';

forEachDatabase('the outlet’s own pages', (database) => {
  test('every footer links About, Contact, Privacy, Terms and Corrections, with the copyright; each page answers in its default words', async (t) => {
    const ctx = await buildTestApp(t, { database });
    await ctx.services.site.updateSite(FACTORY, { outletName: 'The Garrison Wire', tagline: '', description: '' });
    const home = (await ctx.app.inject('/')).body;
    const footer = /<footer class="site-footer">(.*?)<\/footer>/s.exec(home)?.[1] ?? '';
    for (const [href, title] of [
      ['/about', 'About The Garrison Wire'],
      ['/contact', 'Contact us'],
      ['/privacy', 'Privacy notice'],
      ['/terms', 'Terms of use'],
      ['/corrections', 'Corrections'],
    ])
      assert.ok(footer.includes(`<a href="${href}">${title}</a>`), href);
    assert.match(footer, /© 2026 The Garrison Wire\. Published with Despatch\./);

    const privacy = await ctx.app.inject('/privacy');
    assert.equal(privacy.statusCode, 200);
    assert.match(privacy.body, /<h1>Privacy notice<\/h1>/);
    assert.match(privacy.body, /<h2>The newsletter<\/h2>/, 'Markdown rendered');
    assert.match(privacy.body, /<link rel="canonical" href="http:\/\/despatch\.test\/privacy"\/>/);
    // Every sign-up says what the address is for, and links the notice.
    assert.match(
      (await ctx.app.inject('/newsletter')).body,
      /unsubscribe from the link in every email\. <a href="\/privacy">Privacy notice<\/a>/,
    );
  });

  test('an admin rewrites a page in the newsroom; bad input comes back with the words kept; editors may not', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const admin = await signedIn(ctx, 'admin');
    const editor = await signedIn(ctx, 'editor');
    assert.equal((await get(ctx, editor, '/newsroom/settings/pages/about')).statusCode, 403);
    assert.equal((await post(ctx, editor, '/newsroom/settings/pages/about', { title: 'Ours', bodyMarkdown: 'x' })).statusCode, 403);
    assert.equal((await get(ctx, admin, '/newsroom/settings/pages/careers')).statusCode, 404, 'only the reserved pages');

    const settings = (await get(ctx, admin, '/newsroom/settings')).body;
    assert.match(settings, /<a href="\/newsroom\/settings\/pages\/terms">Terms of use<\/a> \(\/terms\): default words/);

    const bad = await post(ctx, admin, '/newsroom/settings/pages/about', { title: '  ', bodyMarkdown: 'We report on <b>defence</b>.' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /href="#title">Title: is required/);
    assert.match(bad.body, /We report on &lt;b>defence&lt;\/b>\./, 'the text typed is kept');

    const ok = await post(ctx, admin, '/newsroom/settings/pages/about', {
      title: 'Who we are',
      bodyMarkdown: 'We report on <b>defence</b>.\n\n## Our editors\n\nAsk [the desk](/contact).',
    });
    assert.equal(ok.statusCode, 303);
    const page = (await ctx.app.inject('/about')).body;
    assert.match(page, /<h1>Who we are<\/h1>/);
    assert.match(page, /We report on &lt;b&gt;defence&lt;\/b&gt;\./, 'raw HTML is shown as text');
    assert.match(page, /<h2>Our editors<\/h2>/);
    assert.match((await ctx.app.inject('/')).body, /<a href="\/about">Who we are<\/a>/, 'the footer follows at once');
    const log = await ctx.services.audit.list(FACTORY, { subjectType: 'site', subjectId: 'page:about' });
    assert.deepEqual(
      log.entries.map((e) => e.action),
      ['site.page_updated'],
    );
  });

  test('no section may take a page’s address', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const section = await ctx.services.taxonomy.ensureSection(FACTORY, 'About');
    assert.equal(section.slug, 'about-desk');
    assert.match((await ctx.app.inject('/about')).body, /<h1>About Despatch<\/h1>/);
  });
});
