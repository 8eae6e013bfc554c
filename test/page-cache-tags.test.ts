import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anArticle, FACTORY } from './factories.js';
import { buildTestApp, type TestContext } from './helpers/app.js';

/** Fetches each page twice (so it is cached), then returns a check of which are still cached. */
async function cached(ctx: TestContext, paths: string[]) {
  for (const p of paths) await ctx.app.inject(p);
  for (const p of paths) assert.equal((await ctx.app.inject(p)).headers['x-cache'], 'HIT', `${p} is cached`);
  return async () =>
    Object.fromEntries(await Promise.all(paths.map(async (p) => [p, (await ctx.app.inject(p)).headers['x-cache'] === 'HIT'] as const)));
}

test('a change drops the pages that show what changed, and only those', async (t) => {
  const ctx = await buildTestApp(t);
  const drones = await anArticle(ctx, { section: 'Army', headline: 'Army trials drone swarm', topics: ['Drones'] });
  const frigate = await anArticle(ctx, { section: 'Navy', headline: 'Frigate sails for the Gulf' });
  const tanks = await anArticle(ctx, { section: 'Armour', headline: 'Tank regiment returns' });

  // A new story on a topic another story has: that story's "More stories" may change.
  let still = await cached(ctx, [drones.path, frigate.path, tanks.path, '/army', '/navy']);
  await anArticle(ctx, { section: 'Navy', headline: 'Navy buys drones', topics: ['Drones'] });
  assert.deepEqual(await still(), {
    [drones.path]: false, // shares its topic
    [frigate.path]: false, // its section's newest changed
    [tanks.path]: true,
    '/army': true,
    '/navy': false,
  });

  // A story moved to another section: the section it left no longer lists it.
  still = await cached(ctx, ['/', '/army', '/navy', '/armour', tanks.path]);
  const edit = await ctx.services.articles.getForEdit(drones.id);
  await ctx.services.articles.updateArticle(FACTORY, drones.id, { ...edit, section: 'Armour' });
  const after = await still();
  assert.equal(after['/army'], false, 'the section it left');
  assert.equal(after['/armour'], false, 'the section it joined');
  assert.equal(after['/'], false, 'the front page');
  assert.equal(after['/navy'], true, 'a section it was never in');
  assert.doesNotMatch((await ctx.app.inject('/army')).body, /Army trials drone swarm/);
  assert.match((await ctx.app.inject('/armour')).body, /Army trials drone swarm/);
});
