import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressBar } from './progress-bar.js';

/** A stream that says it is a terminal (or not), keeping what is written to it. */
function terminal(isTTY: boolean) {
  let written = '';
  const stream = {
    isTTY,
    columns: 80,
    write(text: string) {
      written += text;
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return { stream, written: () => written };
}

test('on a terminal the bar is drawn, redrawn at most every 100 ms, cleared for output and finished on its own line', () => {
  const { stream, written } = terminal(true);
  let now = 0;
  const bar = progressBar(stream, () => now);
  bar.update({ done: 1, total: 4, label: '1 of 4 items' });
  now = 50;
  bar.update({ done: 2, total: 4, label: '2 of 4 items' });
  assert.equal(written().split('\r').length - 1, 1, 'the second update came too soon to draw');
  bar.clear();
  bar.update({ done: 3, total: 4, label: '3 of 4 items' });
  bar.finish();
  const out = written();
  const clear = '\r\x1b[K';
  assert.ok(out.startsWith(`${clear}[${'#'.repeat(10)}${'.'.repeat(30)}]  25% 1 of 4 items`), JSON.stringify(out));
  assert.ok(out.includes(`${clear}[${'#'.repeat(30)}${'.'.repeat(10)}]  75% 3 of 4 items`), JSON.stringify(out));
  assert.ok(out.endsWith('75% 3 of 4 items\n'));
});

test('when standard error is not a terminal nothing is drawn', () => {
  const { stream, written } = terminal(false);
  const bar = progressBar(stream);
  bar.update({ done: 1, total: 2, label: 'half' });
  bar.clear();
  bar.finish();
  assert.equal(written(), '');
});
