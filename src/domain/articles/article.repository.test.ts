import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findArticleRef, setArticleStatus } from './article.repository.js';

test('repository functions cannot be called without an executor (the type check fails)', () => {
  // Never run: what matters is that `npm run typecheck` rejects these calls. If a repository
  // function ever made its executor optional, the unused @ts-expect-error would fail the check.
  const neverCalled = () => {
    // @ts-expect-error the executor is the required first argument
    void findArticleRef('article-id');
    // @ts-expect-error the executor is the required first argument
    void setArticleStatus('article-id', { status: 'published', updated_at: '2026-12-01T00:00:00.000Z' });
  };
  assert.equal(typeof neverCalled, 'function');
});
