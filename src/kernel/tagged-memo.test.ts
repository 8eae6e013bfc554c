import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TaggedMemo } from './tagged-memo.js';

test('a value is loaded once, kept until a purge names one of its tags, and `site` drops all', async () => {
  const memo = new TaggedMemo();
  let loads = 0;
  const read = (key: string, tags: string[]) => memo.get(key, async () => ({ value: `${key} #${++loads}`, tags }));
  assert.equal(await read('a', ['article:1', 'home']), 'a #1');
  assert.equal(await read('a', ['article:1', 'home']), 'a #1');
  assert.equal(await read('b', ['article:2']), 'b #2');
  memo.purge(['article:1']);
  assert.equal(await read('a', ['article:1', 'home']), 'a #3', 'purged by one of its tags');
  assert.equal(await read('b', ['article:2']), 'b #2', 'another tag’s value stays');
  memo.purge(['site']);
  assert.equal(await read('b', ['article:2']), 'b #4');
});

test('callers asking at once share one load; a failed load is not kept', async () => {
  const memo = new TaggedMemo();
  let loads = 0;
  let fail = true;
  const load = async () => {
    loads++;
    await new Promise((r) => setTimeout(r, 10));
    if (fail) throw new Error('database away');
    return { value: loads, tags: ['home'] };
  };
  await assert.rejects(Promise.all([memo.get('k', load), memo.get('k', load)]), /database away/);
  assert.equal(loads, 1, 'one load for both');
  fail = false;
  assert.deepEqual(await Promise.all([memo.get('k', load), memo.get('k', load)]), [2, 2]);
});

test('a value loaded while a change was being heard is returned but not kept', async () => {
  const memo = new TaggedMemo();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let loads = 0;
  const slow = memo.get('k', async () => {
    loads++;
    await gate;
    return { value: 'old', tags: ['home'] };
  });
  memo.changing();
  memo.purge(['home']);
  release();
  assert.equal(await slow, 'old');
  assert.equal(await memo.get('k', async () => ({ value: `new ${++loads}`, tags: ['home'] })), 'new 2', 'loaded again');
});

test('it holds at most its byte budget, the oldest going first', async () => {
  const memo = new TaggedMemo(30_000);
  for (const key of ['a', 'b', 'c', 'd']) await memo.get(key, async () => ({ value: key, tags: [`t:${key}`], bytes: 2_500 }));
  // 30,000 bytes: 10 KB each at most would be kept; 2.5 KB entries all fit.
  assert.equal(memo.size, 4);
  for (const key of ['e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm'])
    await memo.get(key, async () => ({ value: key, tags: [], bytes: 2_500 }));
  assert.equal(memo.size, 12);
  assert.equal(memo.bytes, 30_000);
  await memo.get('n', async () => ({ value: 'n', tags: [], bytes: 2_500 }));
  assert.equal(memo.size, 12);
  let reloaded = false;
  await memo.get('a', async () => ((reloaded = true), { value: 'a', tags: [] }));
  assert.ok(reloaded, 'the oldest went');
});
