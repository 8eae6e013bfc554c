import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aStaffMember, anArticle } from '../../../test/factories.js';
import { TEST_NOW } from '../../../test/helpers/app.js';
import { testClock } from '../../../test/helpers/clock.js';
import { forEachDatabase } from '../../../test/helpers/databases.js';
import { useServices } from '../../../test/helpers/services.js';
import { LOCK_MS } from './article-desk.service.js';

forEachDatabase('the soft lock on an open article', (database) => {
  const clock = testClock(TEST_NOW);
  const ctx = useServices(database, { clock });

  test('the first to open an article holds it; others see who; it lapses, or is let go, and passes on', async () => {
    const desk = ctx.services.articleDesk;
    const [first, second] = [await aStaffMember(ctx, 'editor'), await aStaffMember(ctx, 'editor')];
    const { id } = await anArticle(ctx);
    assert.equal(await desk.holdLock(first, id), null, 'nobody else has it open');
    assert.equal(await desk.holdLock(second, id), first.name, 'the second sees the first');
    const listed = await desk.list(second, {});
    assert.equal(listed.items.find((i) => i.id === id)?.editingBy, first.name, 'the list says who is editing');
    assert.equal((await desk.list(first, {})).items.find((i) => i.id === id)?.editingBy, null, 'not yourself');

    clock.advance(LOCK_MS - 1000);
    assert.equal(await desk.holdLock(first, id), null, 'renewing one’s own lock');
    clock.advance(LOCK_MS - 1000);
    assert.equal(await desk.holdLock(second, id), first.name, 'renewed, so still held');
    clock.advance(2000);
    assert.equal(await desk.holdLock(second, id), null, 'lapsed: the second takes it');
    assert.equal(await desk.holdLock(first, id), second.name);

    await desk.releaseLock(second, id);
    assert.equal(await desk.holdLock(first, id), null, 'let go: the first takes it at once');
  });
});
