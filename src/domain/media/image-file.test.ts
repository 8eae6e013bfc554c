import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { rejectsInvalid } from '../../../test/helpers/assert-invalid.js';
import { checkImage, sniffImageFormat } from './image-file.js';
import { variantWidths } from './image-variants.js';

const picture = (format: 'jpeg' | 'png' | 'webp' | 'avif', width = 40, height = 30) =>
  sharp({ create: { width, height, channels: 3, background: '#4a6b8a' } })
    .toFormat(format)
    .toBuffer();

/** CRC-32 as PNG chunks use it. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

test('formats are told by their bytes, not their names', async () => {
  for (const format of ['jpeg', 'png', 'webp', 'avif'] as const) assert.equal(sniffImageFormat(await picture(format)), format);
  assert.equal(sniffImageFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), null);
  assert.equal(sniffImageFormat(Buffer.from('GIF89a')), null);
  assert.equal(sniffImageFormat(Buffer.from([0xff, 0xd8])), null, 'too short to be a JPEG');
});

test('an SVG named photo.png, a GIF, an empty file and a file over the byte limit are refused before decoding', async () => {
  await rejectsInvalid(
    () => checkImage(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>')),
    'UNSUPPORTED_IMAGE',
    /an SVG drawing/,
  );
  await rejectsInvalid(() => checkImage(Buffer.from('GIF89a\x01\x00\x01\x00')), 'UNSUPPORTED_IMAGE', /JPEG, PNG, WebP or AVIF/);
  await rejectsInvalid(() => checkImage(Buffer.alloc(0)), 'FILE_EMPTY', /empty/);
  await rejectsInvalid(() => checkImage(Buffer.alloc(21 * 1024 * 1024, 0xff)), 'FILE_TOO_LARGE', /larger than 20 MB/);
});

test('a PNG whose header claims 100,000 × 100,000 pixels is refused from its header, at once', async () => {
  const png = Buffer.from(await picture('png'));
  // IHDR starts at byte 8: length (4), "IHDR" (4), width (4), height (4) …, then its CRC over type and data.
  png.writeUInt32BE(100_000, 16);
  png.writeUInt32BE(100_000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  const started = Date.now();
  await rejectsInvalid(() => checkImage(png), 'IMAGE_TOO_LARGE', /100000 × 100000 pixels; the limit is 50 million pixels/);
  assert.ok(Date.now() - started < 1000, 'refused without decoding');
});

test('a JPEG turned by its EXIF orientation reports the size it is shown at', async () => {
  const sideways = await sharp({ create: { width: 60, height: 20, channels: 3, background: '#888' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  assert.deepEqual(await checkImage(sideways), { format: 'jpeg', width: 20, height: 60 });
});

test('sizes are never enlarged: the standard widths below an image, then its own', () => {
  assert.deepEqual(variantWidths(200), [200]);
  assert.deepEqual(variantWidths(700), [320, 640, 700]);
  assert.deepEqual(variantWidths(1280), [320, 640, 960, 1280]);
  assert.deepEqual(variantWidths(4000), [320, 640, 960, 1280, 1920]);
});
