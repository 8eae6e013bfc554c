import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { isAppError } from './errors.js';
import { parseInput } from './validation.js';

const schema = z.object({ name: z.string(), tags: z.array(z.string()).default([]), note: z.object({ text: z.string() }).optional() });

test('control characters other than tab, CR and LF are refused in every text field, naming the field', () => {
  for (const control of ['\u0000', '\u0007', '\u000B', '\u000C', '\u001B', '\u007F', '\u0085', '\u009F']) {
    assert.throws(
      () => parseInput(schema, { name: `A${control}B` }),
      (e) => isAppError(e) && e.code === 'VALIDATION_FAILED' && e.status === 422 && /control character/.test(e.fields.name ?? ''),
      `U+${control.charCodeAt(0).toString(16)}`,
    );
  }
  assert.throws(
    () => parseInput(schema, { name: 'ok', tags: ['fine', 'bad\u0000'], note: { text: '\u0001' } }),
    (e) => isAppError(e) && Object.keys(e.fields).sort().join() === 'note.text,tags.1',
  );
});

test('tab, line feed and ordinary Unicode pass; CRLF and lone CR become LF', () => {
  assert.deepEqual(parseInput(schema, { name: 'Line one\r\nLine two\rLine three\tend — “café” 北京' }), {
    name: 'Line one\nLine two\nLine three\tend — “café” 北京',
    tags: [],
  });
});
