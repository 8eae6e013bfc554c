import { createHash } from 'node:crypto';
import type { TaggedMemo } from '../../kernel/tagged-memo.js';
import type { Executor } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/index.js';
import type { Clock } from '../../kernel/clock.js';
import { conflict, invalid, isAppError, notFound } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { parseInput } from '../../kernel/validation.js';
import { assertCan, can, type Actor } from '../access/index.js';
import { z } from 'zod';
import type { AuditService } from '../audit/index.js';
import type { Outbox } from '../outbox/index.js';
import { checkImage, DEFAULT_IMAGE_LIMITS, type ImageLimits } from './image-file.js';
import { CROP_NAMES, CROPS, cropBox, cropFormats, cropWidths, focalKey, type CropName } from './image-crops.js';
import { decode, encode, extensionOf, variantWidths } from './image-variants.js';
import type { Sharp } from 'sharp';
import { loadPictures, type LibraryPicture } from './pictures.js';
import { variantFolder, type MediaStore } from './media-store.js';
import {
  deleteMedia,
  findAuthorsUsingMedia,
  isSiteLogo,
  findMedia,
  findMediaUsage,
  insertOrSelectMedia,
  listCrops,
  listCropsOf,
  listMedia,
  saveCrops,
  listVariants,
  listVariantsOf,
  saveVariants,
  updateMedia,
} from './media.repository.js';
import type { ImageFormat, MediaCropsTable, MediaStatus, MediaTable, MediaVariantsTable } from './media.table.js';

/** The job that makes an image's sizes; its payload is `{ mediaId }`. */
export const MEDIA_VARIANTS_JOB = 'media.variants';
/** The job that cuts an image's crops again after its focal point moved; payload `{ mediaId }`. */
export const MEDIA_CROPS_JOB = 'media.crops';

/** One served size of an image. */
export interface MediaVariant {
  url: string;
  type: `image/${ImageFormat}`;
  width: number;
  height: number;
}

/** One size of one crop of an image. */
export interface MediaCropVariant extends MediaVariant {
  crop: CropName;
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
  /** Cut around the focal point; empty until the job has cut them. */
  crops: MediaCropVariant[];
}

/** What the library's form edits: the words that go with a picture, and where its subject is. */
export const mediaEditSchema = z.object({
  alt: z.string().trim().max(1000, 'may be at most 1,000 characters'),
  caption: z.string().trim().max(2000, 'may be at most 2,000 characters'),
  credit: z.string().trim().max(300, 'may be at most 300 characters'),
  /** 0–1 from the left and from the top. */
  focalX: z.number({ error: 'must be a number from 0 to 100' }).min(0, 'must be from 0 to 100').max(1, 'must be from 0 to 100'),
  focalY: z.number({ error: 'must be a number from 0 to 100' }).min(0, 'must be from 0 to 100').max(1, 'must be from 0 to 100'),
  /** A day (YYYY-MM-DD) after which the picture may no longer be used, or null. */
  licenceExpires: z.iso.date({ error: 'must be a date' }).nullable(),
});
export type MediaEdit = z.input<typeof mediaEditSchema>;

const PER_PAGE = 48;

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

const toCropVariant = (c: MediaCropsTable): MediaCropVariant => ({ crop: c.crop, ...toVariant(c) });

function toItem(row: MediaTable, variants: MediaVariantsTable[], crops: MediaCropsTable[]): MediaItem {
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
    crops: crops.map(toCropVariant),
  };
}

/**
 * Cuts every crop of an image from its upload, around its focal point, and writes the files.
 * Each file's name holds the focal point, so a new cut never overwrites an address in use.
 */
async function cutCrops(store: MediaStore, row: MediaTable, image: Sharp): Promise<MediaCropsTable[]> {
  const focal = { x: Number(row.focal_x), y: Number(row.focal_y) };
  const key = focalKey(focal);
  const folder = variantFolder(row.content_hash);
  const crops: MediaCropsTable[] = [];
  for (const crop of CROP_NAMES) {
    const spec = CROPS[crop];
    const box = cropBox(Number(row.width), Number(row.height), spec.ratio, focal);
    for (const width of cropWidths(spec, box.width))
      for (const format of cropFormats(spec, row.format)) {
        const { data, info } = await encode(image, format, width, box);
        const path = `${folder}/${crop}-${key}-${width}.${extensionOf(format)}`;
        await store.savePublic(path, data);
        crops.push({ media_id: row.media_id, crop, focal_key: key, format, width, height: info.height, path, bytes: data.length });
      }
  }
  return crops;
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
  /** Keeps what pages read until a change purges it (`kernel/tagged-memo.ts`). */
  memo?: TaggedMemo;
}) {
  const { db, clock, outbox, audit, jobs, store } = deps;
  const limits: ImageLimits = { ...DEFAULT_IMAGE_LIMITS, ...deps.limits };

  /**
   * Records crops unless the focal point moved while they were being cut (the job queued by
   * that move cuts the right ones, and an older cut must never replace a newer one).
   */
  async function saveCropsIfCurrent(ex: Executor, mediaId: string, crops: MediaCropsTable[]): Promise<boolean> {
    const now = await findMedia(ex, mediaId);
    if (!now || crops.length === 0 || focalKey({ x: Number(now.focal_x), y: Number(now.focal_y) }) !== crops[0]!.focal_key) return false;
    await saveCrops(ex, mediaId, crops);
    return true;
  }

  async function get(mediaId: string): Promise<MediaItem> {
    const row = await findMedia(db, mediaId);
    if (!row) throw notFound('MEDIA_NOT_FOUND', 'No such image in the library.');
    const [variants, crops] = await Promise.all([listVariants(db, mediaId), listCrops(db, mediaId)]);
    return toItem(row, variants, crops);
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
      return { item: await get(row.media_id), existing: !created };
    },

    /** A page of the library, newest first, searched by alt text, caption, credit and file name. */
    async list(actor: Actor, query: { q?: string; page?: number }): Promise<{ items: MediaItem[]; page: number; hasMore: boolean }> {
      assertCan(actor, 'media.upload');
      const page = Math.max(1, Math.min(100_000, Math.floor(query.page ?? 1)));
      // LIKE wildcards typed into the box are dropped rather than escaped (escaping differs by database).
      const words = (query.q ?? '')
        .toLowerCase()
        .replace(/[%_\\]/g, '')
        .split(/\s+/)
        .filter(Boolean)
        .slice(0, 10);
      const rows = await listMedia(db, words, PER_PAGE + 1, (page - 1) * PER_PAGE);
      const shown = rows.slice(0, PER_PAGE);
      const ids = shown.map((r) => r.media_id);
      const [variants, crops] = await Promise.all([listVariantsOf(db, ids), listCropsOf(db, ids)]);
      return {
        items: shown.map((r) =>
          toItem(
            r,
            variants.filter((v) => v.media_id === r.media_id),
            crops.filter((c) => c.media_id === r.media_id),
          ),
        ),
        page,
        hasMore: rows.length > PER_PAGE,
      };
    },

    /** Library pictures as the reader site shows them (only those ready), with the crops asked for. */
    pictures(ids: string[], want: { full: boolean; crops: CropName[] }): Promise<Map<string, LibraryPicture>> {
      if (!deps.memo || ids.length === 0) return loadPictures(db, ids, want);
      // A picture's words, sizes and crops change by `media.updated`, which purges `site`.
      return deps.memo.get(`pictures:${ids.join(',')}|${want.full}|${want.crops.join(',')}`, async () => ({
        value: await loadPictures(db, ids, want),
        tags: ['site'],
        bytes: 512 + 2048 * ids.length,
      }));
    },

    /** The articles that use a picture (as hero or in the body). */
    async usage(actor: Actor, mediaId: string): Promise<Array<{ id: string; headline: string }>> {
      assertCan(actor, 'media.upload');
      return (await findMediaUsage(db, mediaId)).map((r) => ({ id: r.article_id, headline: r.headline }));
    },

    /** Whether `actor` may edit this picture: its uploader, or an editor. */
    async mayEdit(actor: Actor, mediaId: string): Promise<boolean> {
      const row = await findMedia(db, mediaId);
      if (!row) throw notFound('MEDIA_NOT_FOUND', 'No such image in the library.');
      return can(actor, 'media.manage') || (can(actor, 'media.upload') && actor.kind === 'staff' && row.created_by === actor.id);
    },

    /**
     * Edits the words that go with a picture and its focal point (its uploader, or editors for
     * anyone's). The pages that show it are purged (`media.updated`).
     */
    async update(actor: Actor, mediaId: string, raw: MediaEdit): Promise<MediaItem> {
      const edit = parseInput(mediaEditSchema, raw);
      if (!(await this.mayEdit(actor, mediaId))) assertCan(actor, 'media.manage');
      const now = clock.now().toISOString();
      await outbox.transaction(async (tx) => {
        const before = await findMedia(tx.db, mediaId);
        if (!before) throw notFound('MEDIA_NOT_FOUND', 'No such image in the library.');
        const moved = focalKey({ x: Number(before.focal_x), y: Number(before.focal_y) }) !== focalKey({ x: edit.focalX, y: edit.focalY });
        // The crops already served stay until the new ones are cut: a page never shows a gap.
        if (moved)
          await jobs.enqueue(tx.db, { kind: MEDIA_CROPS_JOB, payload: { mediaId }, runAt: now, dedupeKey: `crops:${mediaId}` }, now);
        await updateMedia(tx.db, mediaId, {
          alt: edit.alt,
          caption: edit.caption,
          credit: edit.credit,
          focal_x: edit.focalX,
          focal_y: edit.focalY,
          licence_expires_at: edit.licenceExpires ? `${edit.licenceExpires}T23:59:59.999Z` : null,
          updated_at: now,
        });
        tx.emit({ type: 'media.updated', mediaId });
        await audit.record(tx, {
          actor,
          action: 'media.updated',
          subject: { type: 'media', id: mediaId },
          summary: `Updated the picture's details: ${edit.alt || 'no alt text'}`,
        });
      });
      return get(mediaId);
    },

    /** Deletes a picture nobody uses (editors); one in use is refused with the articles that use it. */
    async remove(actor: Actor, mediaId: string): Promise<void> {
      assertCan(actor, 'media.manage');
      const row = await findMedia(db, mediaId);
      if (!row) throw notFound('MEDIA_NOT_FOUND', 'No such image in the library.');
      await outbox.transaction(async (tx) => {
        const [articles, authors, logo] = await Promise.all([
          findMediaUsage(tx.db, mediaId),
          findAuthorsUsingMedia(tx.db, mediaId),
          isSiteLogo(tx.db, mediaId),
        ]);
        const uses = [
          ...articles.map((u) => `“${u.headline}”`),
          ...authors.map((a) => `the profile of ${a.name}`),
          ...(logo ? ["the site's logo"] : []),
        ];
        if (uses.length > 0)
          throw conflict(
            'MEDIA_IN_USE',
            `This picture is used by ${uses.join(', ')}. Take it out of ${uses.length === 1 ? 'there' : 'each of them'} first.`,
          );
        await deleteMedia(tx.db, mediaId);
        tx.emit({ type: 'media.updated', mediaId });
        await audit.record(tx, {
          actor,
          action: 'media.deleted',
          subject: { type: 'media', id: mediaId },
          summary: `Deleted ${row.file_name}`,
        });
      });
      // The files go once the row has: a crash in between leaves files nobody links to, never a link to nothing.
      await store.removePublic(variantFolder(row.content_hash));
      await store.removeUpload(`${row.content_hash}.${extensionOf(row.format)}`);
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
      const crops = await cutCrops(store, row, image);
      await outbox.transaction(async (tx) => {
        await saveVariants(tx.db, mediaId, variants, clock.now().toISOString());
        await saveCropsIfCurrent(tx.db, mediaId, crops);
        tx.emit({ type: 'media.updated', mediaId });
      });
    },

    /**
     * Cuts an image's crops again for its current focal point (the job queued when it moves);
     * nothing to do when the crops already match it.
     */
    async makeCrops(mediaId: string): Promise<void> {
      const row = await findMedia(db, mediaId);
      if (!row) return;
      const key = focalKey({ x: Number(row.focal_x), y: Number(row.focal_y) });
      const existing = await listCrops(db, mediaId);
      if (existing.length > 0 && existing.every((c) => c.focal_key === key)) return;
      const source = await store.readUpload(`${row.content_hash}.${extensionOf(row.format)}`);
      const crops = await cutCrops(store, row, decode(source, limits.maxPixels));
      await outbox.transaction(async (tx) => {
        if (await saveCropsIfCurrent(tx.db, mediaId, crops)) tx.emit({ type: 'media.updated', mediaId });
      });
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
