import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DatabaseHandle } from '../src/db/database.js';
import { loadDemo, shouldLoadDemo } from '../src/demo.js';
import { fixedClock } from '../src/kernel/clock.js';
import { silentLogger } from '../src/kernel/logger.js';
import type { Services } from '../src/services.js';
import { start } from '../src/boot.js';
import { forEachDatabase } from './helpers/databases.js';
import { FACTORY } from './factories.js';

forEachDatabase('demo outlet', (database) => {
  let handle: DatabaseHandle;
  let services: Services;
  let media: string;
  before(async () => {
    ({ handle, services } = await start(await database.open(), {
      siteUrl: 'http://localhost:3000',
      log: silentLogger,
      clock: fixedClock('2026-11-27T12:00:00Z'),
    }));
    media = await mkdtemp(join(tmpdir(), 'despatch-demo-'));
  });
  after(async () => {
    await handle.close();
    await rm(media, { recursive: true, force: true });
  });

  const count = async (table: 'articles' | 'sections' | 'channels' | 'authors') =>
    Number(
      (
        await handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('an empty database gets the demo outlet: the seed, the teaser stories, four desks, people and channels', async () => {
    assert.equal(await shouldLoadDemo(services), true);
    assert.equal(await loadDemo(services, media), 6);
    assert.equal(await count('articles'), 6);
    assert.equal(await count('sections'), 4);
    assert.equal(await count('authors'), 3);
    assert.ok((await count('channels')) >= 3);
    const site = await services.site.getSite();
    assert.equal(site.outletName, 'The Garrison Wire');
    assert.equal((await readdir(media)).filter((f) => f.endsWith('.jpg')).length, 5, 'one hero image per non-seed article');
    const headlines = (await handle.db.selectFrom('articles').select('headline').execute()).map((r) => r.headline);
    for (const teaser of [
      'Royal Marine Commandos test drone swarm tech for coastline attacks',
      'F-35 Fury: HMS Prince of Wales makes record return to Europe',
      'The intensifying battle for Pokrovsk',
    ])
      assert.ok(headlines.includes(teaser), teaser);
    assert.equal(await shouldLoadDemo(services), false, 'loaded once');
  });

  test('a load cut short is finished on the next start without doubling anything', async () => {
    await services.site.setDemoState('started');
    assert.equal(await shouldLoadDemo(services), true);
    await loadDemo(services, media);
    assert.equal(await count('articles'), 6);
    assert.equal(await count('sections'), 4);
    assert.equal(await shouldLoadDemo(services), false);
  });
});

forEachDatabase('demo outlet on a site in use', (database) => {
  test('a database with content of its own never gets the demo', async () => {
    const { handle, services } = await start(await database.open(), {
      siteUrl: 'http://localhost:3000',
      log: silentLogger,
      clock: fixedClock('2026-11-27T12:00:00Z'),
    });
    try {
      await services.taxonomy.ensureSection(FACTORY, 'Politics');
      assert.equal(await shouldLoadDemo(services), false);
    } finally {
      await handle.close();
    }
  });
});
