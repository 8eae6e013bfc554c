import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameSitePath } from './redirect.js';

test('paths built from what a client sent never lead off the site', () => {
  assert.equal(sameSitePath('/army/'), '/army');
  assert.equal(sameSitePath('//evil.example/'), '/evil.example');
  assert.equal(sameSitePath('/\\evil.example/'), '/evil.example');
  assert.equal(sameSitePath('\\\\evil.example\\'), '/evil.example');
  assert.equal(sameSitePath('/\\/evil.example//'), '/evil.example');
  assert.equal(sameSitePath('///'), '/');
});
