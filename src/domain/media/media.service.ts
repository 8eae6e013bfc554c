import { createHash } from 'node:crypto';
import type { Executor } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/index.js';
import type { Clock } from '../../kernel/clock.js';
import { invalid, isAppError, notFound } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { assertCan, type Actor } from '../access/index.js';
import type { AuditService } from '../audit/index.js';
import type { Outbox } from '../outbox/index.js';
import { checkImage, DEFAULT_IMAGE_LIMITS, type ImageLimits } from './image-file.js';
import { decode, encode, extensionOf, variantWidths } from './image-variants.js';
import { variantFolder, type MediaStore } from './media-store.js';
import { findMedia, insertOrSelectMedia, listVariants, saveVariants } from './media.repository.js';
import type { ImageFormat, MediaStatus, MediaTable, MediaVariantsTable } from './media.table.js';

/** The job that makes an image's sizes; its payload is `{ mediaId }`. */
export const MEDIA_VARIANTS_JOB = 'media.variants';

/** One served size of an image. */
export interface MediaVariant {
  url: string;
  type: `image/${ImageFormat}`;
  width: number;
  height: number;
}

/** A picture in the library, as the newsroom, the reader site and the command line see it. */
export interface MediaItem {
  id: string;
  fileName: string;
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
  alt: string;
  caption: string;
  credit: string;
  focal: { x: number; y: number };
  licenceExpiresAt: string | null;
  status: MediaStatus;
  variants: MediaVariant[];
}

/** A file offered to the library: its name (for messages and search) and its bytes. */
export interface ImageSource {
  file: string;
  bytes: Uint8Array;
}

const toVariant = (v: MediaVariantsTable): MediaVariant => ({
  url: `/media/${v.path}`,
  type: `image/${v.format}`,
  width: Number(v.width),
  height: Number(v.height),
});

function toItem(row: MediaTable, variants: MediaVariantsTable[]): MediaItem {
  return {
    id: row.media_id,
    fileName: row.file_name,
    format: row.format,
    width: Number(row.width),
    height: Number(row.height),
    bytes: Number(row.bytes),
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    focal: { x: Number(row.focal_x), y: Number(row.focal_y) },
    licenceExpiresAt: row.licence_expires_at,
    status: row.status,
    variants: variants.map(toVariant),
  };
}

/**
 * The media library. An upload is checked (format by its bytes, size and pixel limits from
 * the header, then one full decode, so a damaged file is refused before anything is kept),
 * stored once by the hash of its bytes, and its sizes are made by a job: AVIF, WebP and the
 * original format at the standard widths, every one re-encoded without metadata.
 */
export function createMediaService(deps: {
  db: Executor;
  clock: Clock;
  outbox: Outbox;
  audit: AuditService;
  jobs: JobQueue;
  store: MediaStore;
  limits?: Partial<ImageLimits>;
}) {
  const { db, clock, outbox, audit, jobs, store } = deps;
  const limits: ImageLimits = { ...DEFAULT_IMAGE_LIMITS, ...deps.limits };

  async function get(mediaId: string): Promise<MediaItem> {
    const row = await findMedia(db, mediaId);
    if (!row) throw notFound('MEDIA_NOT_FOUND', 'No such image in the library.');
    return toItem(row, await listVariants(db, mediaId));
  }

  return {
    limits,
    get,

    /**
     * Adds a picture to the library (anyone on the staff). The same bytes uploaded again give
     * the image already there (`existing`), with nothing stored twice. Its sizes follow from
     * the job queue; `status` says when they are ready.
     */
    async addImage(
      actor: Actor,
      source: ImageSource,
      meta: { alt?: string; caption?: string; credit?: string } = {},
    ): Promise<{ item: MediaItem; existing: boolean }> {
      assertCan(actor, 'media.upload');
      const checked = await checkImage(source.bytes, limits);
      try {
        // One full decode at the smallest size: a truncated or corrupt file fails here, before anything is stored.
        await decode(source.bytes, limits.maxPixels).resize({ width: 64 }).raw().toBuffer();
      } catch (err) {
        if (isAppError(err)) throw err;
        throw invalid('IMAGE_UNREADABLE', 'This picture is damaged or incomplete and cannot be read.');
      }
      const hash = createHash('sha256').update(source.bytes).digest('hex');
      const uploadName = `${hash}.${extensionOf(checked.format)}`;
      await store.saveUpload(uploadName, source.bytes);
      const now = clock.now().toISOString();
      const fileName = source.file.split(/[\\/]/).pop()!.slice(0, 300);
      const { row, created } = await outbox.transaction(async (tx) => {
        const result = await insertOrSelectMedia(tx.db, {
          media_id: newId(),
          content_hash: hash,
          format: checked.format,
          width: checked.width,
          height: checked.height,
          bytes: source.bytes.length,
          file_name: fileName,
          alt: (meta.alt ?? '').trim().slice(0, 1000),
          caption: (meta.caption ?? '').trim().slice(0, 2000),
          credit: (meta.credit ?? '').trim().slice(0, 300),
          focal_x: 0.5,
          focal_y: 0.5,
          licence_expires_at: null,
          status: 'processing',
          created_by: actor.kind === 'staff' ? actor.id : null,
          created_at: now,
          updated_at: now,
        });
        if (result.created) {
          await jobs.enqueue(
            tx.db,
            {
              kind: MEDIA_VARIANTS_JOB,
              payload: { mediaId: result.row.media_id },
              runAt: now,
              dedupeKey: `variants:${result.row.media_id}`,
            },
            now,
          );
          await audit.record(tx, {
            actor,
            action: 'media.uploaded',
            subject: { type: 'media', id: result.row.media_id },
            summary: `Uploaded ${fileName} (${checked.width} × ${checked.height} ${checked.format})`,
          });
        }
        return result;
      });
      return { item: toItem(row, await listVariants(db, row.media_id)), existing: !created };
    },

    /**
     * Makes every size of an image from its upload (the job's work); safe to run again, as
     * the files are named by content and width and the rows are replaced together.
     */
    async makeVariants(mediaId: string): Promise<void> {
      const row = await findMedia(db, mediaId);
      if (!row || row.status === 'ready') return;
      const source = await store.readUpload(`${row.content_hash}.${extensionOf(row.format)}`);
      const image = decode(source, limits.maxPixels);
      const folder = variantFolder(row.content_hash);
      const variants: MediaVariantsTable[] = [];
      for (const width of variantWidths(Number(row.width)))
        for (const format of ['avif', 'webp', row.format] as ImageFormat[]) {
          if (variants.some((v) => v.format === format && v.width === width)) continue;
          const { data, info } = await encode(image, format, width);
          const path = `${folder}/${width}.${extensionOf(format)}`;
          await store.savePublic(path, data);
          variants.push({ media_id: mediaId, format, width, height: info.height, path, bytes: data.length });
        }
      await outbox.transaction(async (tx) => {
        await saveVariants(tx.db, mediaId, variants, clock.now().toISOString());
        tx.emit({ type: 'media.updated', mediaId });
      });
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
