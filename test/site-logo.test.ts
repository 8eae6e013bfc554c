import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { aStaffMember, FACTORY } from './factories.js';
import { buildTestApp, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { get, post, signedIn } from './helpers/newsroom.js';

/** A wide light-on-transparent PNG, as logos are: 800 × 160. */
const logoPng = () =>
  sharp({ create: { width: 800, height: 160, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: { create: { width: 700, height: 100, channels: 4, background: '#ffffff' } }, left: 50, top: 30 }])
    .png()
    .toBuffer();

/** A logo in the library, its sizes made. */
async function aLogo(ctx: TestContext): Promise<string> {
  const { item } = await ctx.services.media.addImage(FACTORY, { file: 'garrison-wire-logo.png', bytes: await logoPng() }, { alt: 'Logo' });
  await ctx.runner.runDue();
  return item.id;
}

/** The masthead's brand link, as served. */
const brandOf = (html: string) => /<a class="brand[^"]*" href="\/">(.*?)<\/a>/s.exec(html)?.[1] ?? '';

/** The publisher's logo in the home page's JSON-LD. */
function publisherLogo(html: string): Record<string, unknown> {
  const blocks = [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!));
  const site = blocks.find((b) => b['@type'] === 'WebSite');
  return site.publisher.logo;
}

forEachDatabase('the site’s logo', (database) => {
  test('an admin makes a library picture the logo: the header shows it at its size, and search engines are told', async (t) => {
    const ctx = await buildTestApp(t, { database });
    await ctx.services.site.updateSite(FACTORY, { outletName: 'The Garrison Wire' });
    const id = await aLogo(ctx);
    assert.equal(brandOf((await ctx.app.inject('/')).body), 'The Garrison Wire', 'the name in type until a logo is chosen');
    assert.deepEqual(publisherLogo((await ctx.app.inject('/')).body), {
      '@type': 'ImageObject',
      url: 'http://despatch.test/assets/logo.png',
    });

    const admin = await signedIn(ctx, 'admin');
    // The picture's page offers it to admins.
    assert.match((await get(ctx, admin, `/newsroom/media/${id}`)).body, /Use as the site’s logo/);
    const set = await post(ctx, admin, '/newsroom/settings/logo', { logoMediaId: id });
    assert.equal(set.statusCode, 303);
    assert.equal(set.headers.location, '/newsroom/settings?done=logo');

    const home = (await ctx.app.inject('/')).body;
    const brand = brandOf(home);
    assert.match(brand, /<picture>/);
    assert.match(brand, /alt="The Garrison Wire"/, 'the outlet’s name is the alt text');
    assert.match(brand, /width="800" height="160"/, 'its box is reserved before it loads');
    assert.match(brand, /sizes="200px"/, '40 px high at 5:1 is 200 px wide');
    assert.match(brand, /type="image\/avif"/);
    assert.doesNotMatch(brand, /loading="lazy"|fetchpriority/, 'fetched at once, not ahead of the lead picture');
    assert.match(home, /<a class="brand brand-logo" href="\/">/);
    const logo = publisherLogo(home);
    assert.match(String(logo.url), new RegExp(`^http://despatch\\.test/media/.+\\.png$`), 'search engines get the PNG');
    assert.equal(logo.width, 800);
    assert.equal(logo.height, 160);
    assert.equal((await ctx.app.inject(String(logo.url).replace('http://despatch.test', ''))).statusCode, 200);

    const settings = (await get(ctx, admin, '/newsroom/settings?done=logo')).body;
    assert.match(settings, /The logo is in place/);
    assert.match(settings, new RegExp(`href="/newsroom/media/${id}">The picture in the library`));
    const audit = await ctx.handle.db.selectFrom('audit_log').select('summary').where('action', '=', 'site.settings_updated').execute();
    assert.ok(audit.some((a) => a.summary === `Set the site's logo to picture ${id}`));

    // In use as the logo, the picture cannot be deleted.
    const del = await post(ctx, admin, `/newsroom/media/${id}/delete`, {});
    assert.equal(del.statusCode, 409);
    assert.match(del.body, /used by the site(’|'|&#x27;|&#39;)s logo/);

    // Removed: the name in type again.
    assert.equal(
      (await post(ctx, admin, '/newsroom/settings/logo', { logoMediaId: '' })).headers.location,
      '/newsroom/settings?done=logo-removed',
    );
    assert.equal(brandOf((await ctx.app.inject('/')).body), 'The Garrison Wire');
    assert.equal((await post(ctx, admin, `/newsroom/media/${id}/delete`, {})).statusCode, 303, 'free to delete once it is not the logo');
  });

  test('a picture not in the library is refused with the reason; editors may not choose the logo', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const id = await aLogo(ctx);
    const admin = await signedIn(ctx, 'admin');
    const bad = await post(ctx, admin, '/newsroom/settings/logo', { logoMediaId: 'no-such-picture' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /href="#logoMediaId">Logo picture: is not in the media library/);
    assert.equal((await ctx.services.site.getSite()).logoMediaId, null, 'nothing was saved');

    const editor = await signedIn(ctx, 'editor');
    assert.doesNotMatch((await get(ctx, editor, `/newsroom/media/${id}`)).body, /Use as the site’s logo/);
    assert.equal((await post(ctx, editor, '/newsroom/settings/logo', { logoMediaId: id })).statusCode, 403);
    assert.equal((await ctx.services.site.getSite()).logoMediaId, null);
    await assert.rejects(ctx.services.site.setLogo(await aStaffMember(ctx, 'editor'), id), { code: 'FORBIDDEN' });
  });
});
