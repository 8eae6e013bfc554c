import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { start } from '../../src/boot.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { silentLogger } from '../../src/kernel/logger.js';
import { TEST_NOW } from './app.js';
import type { TestDatabase } from './databases.js';
import type { ServiceContext } from './services.js';

/** The hand-written exports in test/fixtures. */
export const WORDPRESS_FIXTURE = new URL('../fixtures/wordpress/harbour-herald.xml', import.meta.url).pathname;
export const GHOST_FIXTURE = new URL('../fixtures/ghost/coast-chronicle.json', import.meta.url).pathname;

type Cleanup = { after(fn: () => Promise<void>): void };

/** A folder of its own for one test, removed after it. */
export async function tempFolder(t: Cleanup, prefix = 'despatch-export-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A small JPEG of one colour, as a photograph from a site's uploads would be. */
export const aJpeg = (background: string, width = 800, height = 533): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background } })
    .jpeg()
    .toBuffer();

/**
 * An export copied into a folder of its own, with pictures beside it (relative paths to
 * colours), as someone would unpack a site's backup: the XML or JSON and its uploads folder.
 */
export async function exportInFolder(
  t: Cleanup,
  fixture: string,
  pictures: Record<string, string> = {},
): Promise<{ dir: string; file: string }> {
  const dir = await tempFolder(t);
  const file = join(dir, fixture.split('/').pop()!);
  await copyFile(fixture, file);
  for (const [path, colour] of Object.entries(pictures)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), await aJpeg(colour));
  }
  return { dir, file };
}

/** A fresh database with services and a media folder for one test, closed and removed after it. */
export async function exportServices(t: Cleanup, database: TestDatabase): Promise<ServiceContext> {
  const mediaDir = await tempFolder(t, 'despatch-media-');
  const { handle, services, runner } = await start(await database.open(), {
    siteUrl: 'https://news.example',
    log: silentLogger,
    clock: fixedClock(TEST_NOW),
    mediaDir,
  });
  t.after(() => handle.close());
  return { handle, services, runner, mediaDir };
}

/** How many rows a table holds. */
export async function rowCount(
  handle: DatabaseHandle,
  table: 'articles' | 'sections' | 'topics' | 'authors' | 'media' | 'redirects',
): Promise<number> {
  const row = await handle.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
