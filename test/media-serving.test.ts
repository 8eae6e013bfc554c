import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { FACTORY } from './factories.js';
import { buildTestApp } from './helpers/app.js';

test('image sizes are served for ever (immutable, ETag, ranges); uploads are never served', async (t) => {
  const ctx = await buildTestApp(t);
  const bytes = await sharp({ create: { width: 700, height: 400, channels: 3, background: '#335577' } })
    .jpeg()
    .toBuffer();
  const { item } = await ctx.services.media.addImage(FACTORY, { file: 'typhoon.jpg', bytes });
  await ctx.runner.runDue();
  const variant = (await ctx.services.media.get(item.id)).variants.find((v) => v.type === 'image/avif' && v.width === 640)!;

  const res = await ctx.app.inject(variant.url);
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'image/avif');
  assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
  const etag = String(res.headers.etag);
  assert.ok(etag);
  assert.equal((await ctx.app.inject({ url: variant.url, headers: { 'if-none-match': etag } })).statusCode, 304);
  const part = await ctx.app.inject({ url: variant.url, headers: { range: 'bytes=0-99' } });
  assert.equal(part.statusCode, 206);
  assert.equal(part.rawPayload.length, 100);

  const [upload] = await readdir(join(ctx.mediaDir, 'uploads'));
  assert.ok(upload, 'the upload is kept');
  for (const url of [`/media/uploads/${upload}`, `/media/../uploads/${upload}`, `/media/%2e%2e/uploads/${upload}`])
    assert.equal((await ctx.app.inject(url)).statusCode, 404, url);
});
