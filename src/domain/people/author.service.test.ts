import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../kernel/errors.js';
import { FACTORY, anAuthor } from '../../../test/factories.js';
import { forEachDatabase } from '../../../test/helpers/databases.js';
import { useServices } from '../../../test/helpers/services.js';

forEachDatabase('author service', (database) => {
  const ctx = useServices(database);

  test('an author is found by name whatever the case, keeping the first role and bio', async () => {
    const first = await anAuthor(ctx, { name: 'Eleanor Whitcombe', role: 'Defence correspondent', bio: 'Covers the Army.' });
    const again = await ctx.services.authors.ensureAuthor(FACTORY, 'ELEANOR  WHITCOMBE', { role: 'Intern' });
    assert.equal(again.id, first.id);
    assert.equal(again.role, 'Defence correspondent');
    assert.deepEqual(await ctx.services.authors.getAuthorBySlug('eleanor-whitcombe'), first);
  });

  test('two writers whose names make one slug get two profile pages', async () => {
    const a = await anAuthor(ctx, { name: 'Sam O’Neill' });
    const b = await anAuthor(ctx, { name: 'Sam ONeill' });
    assert.notEqual(a.id, b.id);
    assert.notEqual(a.slug, b.slug);
  });

  test('an author needs a name, and an unknown slug is AUTHOR_NOT_FOUND', async () => {
    await assert.rejects(
      ctx.services.authors.ensureAuthor(FACTORY, ' '),
      (e) => isAppError(e) && e.code === 'NAME_REQUIRED' && /An author/.test(e.message),
    );
    await assert.rejects(ctx.services.authors.getAuthorBySlug('nobody'), (e) => isAppError(e) && e.code === 'AUTHOR_NOT_FOUND');
  });
});
