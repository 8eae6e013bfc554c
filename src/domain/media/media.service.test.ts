import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { FACTORY, aStaffMember } from '../../../test/factories.js';
import { rejectsInvalid } from '../../../test/helpers/assert-invalid.js';
import { forEachDatabase } from '../../../test/helpers/databases.js';
import { useServices } from '../../../test/helpers/services.js';

/** A photograph-like JPEG: a gradient, so the sizes differ in bytes. */
const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#2f4f6f' } })
    .composite([
      {
        input: Buffer.from(
          `<svg width="${width}" height="${height}"><circle cx="${width / 3}" cy="${height / 2}" r="${height / 3}" fill="#d9a441"/></svg>`,
        ),
      },
    ])
    .jpeg({ quality: 90 })
    .toBuffer();

/** Every file under `dir`, relative paths. */
async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(dir.length + 1));
  } catch {
    return [];
  }
}

forEachDatabase('the media library', (database) => {
  const ctx = useServices(database);
  const media = () => ctx.services.media;
  const rows = async () => (await ctx.handle.db.selectFrom('media').select('media_id').execute()).length;

  test('an upload is kept once; its sizes are made by the job, re-encoded, never enlarged', async () => {
    const bytes = await photo(1000, 600);
    const { item, existing } = await media().addImage(
      FACTORY,
      { file: 'uploads/Harrier.JPG', bytes },
      { alt: 'A Harrier hovering', credit: 'MOD' },
    );
    assert.equal(existing, false);
    assert.deepEqual([item.format, item.width, item.height, item.status, item.fileName], ['jpeg', 1000, 600, 'processing', 'Harrier.JPG']);
    assert.deepEqual(item.variants, [], 'sizes come from the job');

    const again = await media().addImage(FACTORY, { file: 'copy.jpg', bytes });
    assert.equal(again.existing, true, 'the same bytes are the same image');
    assert.equal(again.item.id, item.id);

    await ctx.runner.runDue();
    const ready = await media().get(item.id);
    assert.equal(ready.status, 'ready');
    const byFormat = (f: string) => ready.variants.filter((v) => v.type === `image/${f}`).map((v) => v.width);
    for (const f of ['avif', 'webp', 'jpeg']) assert.deepEqual(byFormat(f), [320, 640, 960, 1000], f);
    const big = ready.variants.find((v) => v.type === 'image/webp' && v.width === 1000)!;
    assert.equal(big.height, 600);
    assert.match(big.url, /^\/media\/i\/[0-9a-f]{2}\/[0-9a-f]{64}\/1000\.webp$/);
    const served = await readFile(join(ctx.mediaDir, 'public', big.url.slice('/media/'.length)));
    assert.equal((await sharp(served).metadata()).format, 'webp');
  });

  test('a truncated JPEG is refused and nothing is stored', async () => {
    const whole = await photo(300, 200);
    const before = { rows: await rows(), uploads: (await filesUnder(join(ctx.mediaDir, 'uploads'))).length };
    await rejectsInvalid(
      () => media().addImage(FACTORY, { file: 'cut.jpg', bytes: whole.subarray(0, Math.floor(whole.length * 0.6)) }),
      'IMAGE_UNREADABLE',
      /damaged or incomplete/,
    );
    assert.equal(await rows(), before.rows);
    assert.equal((await filesUnder(join(ctx.mediaDir, 'uploads'))).length, before.uploads, 'no file kept');
  });

  test('a 200 MB file is refused by its size alone', async () => {
    const huge = Buffer.alloc(200 * 1024 * 1024);
    huge.set([0xff, 0xd8, 0xff, 0xe0]);
    const started = Date.now();
    await rejectsInvalid(() => media().addImage(FACTORY, { file: 'huge.jpg', bytes: huge }), 'FILE_TOO_LARGE', /larger than 20 MB/);
    assert.ok(Date.now() - started < 2000);
  });

  test('a polyglot (a JPEG with a web page and a zip after it) is served only as pixels re-encoded', async () => {
    const payload = Buffer.from('<html><script>alert(document.cookie)</script></html>PK\x03\x04polyglot-marker');
    const bytes = Buffer.concat([await photo(400, 300), payload]);
    const { item } = await media().addImage(FACTORY, { file: 'innocent.jpg', bytes });
    await ctx.runner.runDue();
    const ready = await media().get(item.id);
    assert.ok(ready.variants.length > 0);
    assert.ok(ready.crops.length > 0);
    for (const v of [...ready.variants, ...ready.crops]) {
      const served = await readFile(join(ctx.mediaDir, 'public', v.url.slice('/media/'.length)));
      assert.ok(!served.includes('polyglot-marker') && !served.includes('<script'), `${v.url} carries none of the payload`);
    }
  });

  test('EXIF with a GPS position is stripped from every served size, and the orientation applied', async () => {
    const bytes = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#556b2f' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'FieldCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const original = await sharp(bytes).metadata();
    assert.ok(original.exif && original.exif.includes('FieldCam') && original.orientation === 6, 'the upload carries EXIF, turned');
    const { item } = await media().addImage(FACTORY, { file: 'field.jpg', bytes });
    assert.deepEqual([item.width, item.height], [400, 600], 'turned upright');
    await ctx.runner.runDue();
    const ready = await media().get(item.id);
    for (const v of ready.variants) {
      const served = await readFile(join(ctx.mediaDir, 'public', v.url.slice('/media/'.length)));
      const meta = await sharp(served).metadata();
      assert.equal(meta.exif, undefined, `${v.url} has no EXIF`);
      assert.ok(!served.includes('FieldCam'));
      assert.ok(meta.height! > meta.width!, `${v.url} is upright`);
    }
    // Crops are cut from the upright picture: a 16:9 card of a 400 × 600 portrait is at most 400 × 225.
    const card = ready.crops.filter((c) => c.crop === 'card' && c.type === 'image/jpeg');
    assert.deepEqual(
      card.map((c) => [c.width, c.height]),
      [
        [320, 180],
        [400, 225],
      ],
    );
    for (const c of ready.crops) {
      const meta = await sharp(await readFile(join(ctx.mediaDir, 'public', c.url.slice('/media/'.length)))).metadata();
      assert.equal(meta.exif, undefined, `${c.url} has no EXIF`);
      assert.deepEqual([meta.width, meta.height], [c.width, c.height], c.url);
    }
  });

  test('crops are cut around the focal point, and moving it gives new crops at new addresses', async () => {
    // A wide picture: a red band on the left fifth, blue elsewhere.
    const bytes = await sharp({ create: { width: 2000, height: 500, channels: 3, background: '#0000ff' } })
      .composite([{ input: { create: { width: 400, height: 500, channels: 3, background: '#ff0000' } }, left: 0, top: 0 }])
      .png()
      .toBuffer();
    const { item } = await media().addImage(FACTORY, { file: 'band.png', bytes }, { alt: 'A red band' });
    await media().update(FACTORY, item.id, { alt: 'A red band', caption: '', credit: '', focalX: 0.1, focalY: 0.5, licenceExpires: null });
    await ctx.runner.runDue();
    const left = await media().get(item.id);
    const sizes = (crop: string, type: string) =>
      left.crops.filter((c) => c.crop === crop && c.type === type).map((c) => `${c.width}x${c.height}`);
    assert.deepEqual(sizes('card', 'image/avif'), ['320x180', '640x360', '889x500'], 'card: the standard widths, then the whole box');
    assert.deepEqual(sizes('square', 'image/webp'), ['160x160', '320x320', '500x500'], 'square: never enlarged past the 500 px box');
    assert.deepEqual(sizes('og', 'image/jpeg'), ['952x500'], 'link preview: one JPEG, the whole height');
    assert.deepEqual(sizes('og', 'image/webp'), []);
    const centreOf = async (url: string) => {
      const image = sharp(await readFile(join(ctx.mediaDir, 'public', url.slice('/media/'.length))));
      const { width, height } = await image.metadata();
      const { data } = await image
        .extract({ left: Math.floor(width! / 2), top: Math.floor(height! / 2), width: 1, height: 1 })
        .raw()
        .toBuffer({ resolveWithObject: true });
      return data[0]! > 200 && data[2]! < 60 ? 'red' : data[2]! > 200 && data[0]! < 60 ? 'blue' : 'other';
    };
    const square = (item: typeof left) => item.crops.find((c) => c.crop === 'square' && c.type === 'image/png' && c.width === 320)!;
    assert.equal(await centreOf(square(left).url), 'red', 'focal point on the left: the square shows the red band');
    assert.match(square(left).url, /\/square-10-50-320\.png$/);

    await media().update(FACTORY, item.id, { alt: 'A red band', caption: '', credit: '', focalX: 0.9, focalY: 0.5, licenceExpires: null });
    const meanwhile = await media().get(item.id);
    assert.equal(square(meanwhile).url, square(left).url, 'the old crops serve until the new ones are cut');
    await ctx.runner.runDue();
    const right = await media().get(item.id);
    assert.notEqual(square(right).url, square(left).url, 'a new address for a new cut');
    assert.equal(await centreOf(square(right).url), 'blue');
    assert.equal(await centreOf(square(left).url), 'red', 'the old file still answers pages cached before the move');
    assert.ok(
      right.crops.every((c) => /-90-50-\d+\./.test(c.url)),
      'every crop was cut for the new focal point',
    );

    // Saving the same focal point again cuts nothing.
    await media().update(FACTORY, item.id, {
      alt: 'A red band',
      caption: 'Now captioned',
      credit: '',
      focalX: 0.9,
      focalY: 0.5,
      licenceExpires: null,
    });
    const jobs = await ctx.handle.db
      .selectFrom('jobs')
      .select('kind')
      .where('kind', '=', 'media.crops')
      .where('status', '=', 'pending')
      .execute();
    assert.equal(jobs.length, 0);
  });

  test('contributors may upload', async () => {
    const contributor = await aStaffMember(ctx, 'contributor');
    const png = await sharp({ create: { width: 30, height: 30, channels: 4, background: '#fff0' } })
      .png()
      .toBuffer();
    const { item } = await media().addImage(contributor, { file: 'mine.png', bytes: png });
    assert.equal(item.format, 'png');
    const log = await ctx.services.audit.list(FACTORY, { subjectType: 'media', subjectId: item.id });
    assert.deepEqual(
      log.entries.map((e) => e.action),
      ['media.uploaded'],
    );
  });
});
