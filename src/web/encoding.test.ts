import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compressLater, compressNow, exactly } from './encoding.js';

// A small page, as most listings' compressed forms are: a few KB out of zlib's 8–16 KB chunks.
const page = Buffer.from(`<!doctype html><title>Army</title>${'<li><a href="/army/story">A headline about the Army</a></li>'.repeat(80)}`);

test('compressed forms kept in the cache hold memory of their own size, not a zlib chunk', async () => {
  for (const forms of [await compressLater(page), compressNow(page)]) {
    assert.ok(forms.br && forms.gzip);
    assert.ok(forms.br.length < 4096 && forms.gzip.length < 4096, `${forms.br.length} and ${forms.gzip.length} bytes`);
    assert.equal(forms.br.buffer.byteLength, forms.br.length);
    assert.equal(forms.gzip.buffer.byteLength, forms.gzip.length);
    assert.deepEqual(brotliDecompressSync(forms.br), page);
    assert.deepEqual(gunzipSync(forms.gzip), page);
  }
});

test('exactly copies a slice out of a larger buffer and leaves a buffer of its own as it is', () => {
  const pool = Buffer.from('0123456789');
  const slice = pool.subarray(2, 5);
  const own = exactly(slice);
  assert.equal(own.toString(), '234');
  assert.equal(own.buffer.byteLength, 3);
  const whole = Buffer.allocUnsafeSlow(4).fill(1);
  assert.equal(exactly(whole), whole);
});
