import type { Executor } from '../../db/schema.js';
import type { MediaCropsTable, MediaTable, MediaVariantsTable } from './media.table.js';

/** Inserts an image unless one with the same content is there; returns the stored row either way. */
export async function insertOrSelectMedia(ex: Executor, row: MediaTable): Promise<{ row: MediaTable; created: boolean }> {
  const result = await ex
    .insertInto('media')
    .values(row)
    .onConflict((oc) => oc.column('content_hash').doNothing())
    .executeTakeFirst();
  const created = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  const stored = await ex.selectFrom('media').selectAll().where('content_hash', '=', row.content_hash).executeTakeFirstOrThrow();
  return { row: stored, created };
}

export function findMedia(ex: Executor, mediaId: string): Promise<MediaTable | undefined> {
  return ex.selectFrom('media').selectAll().where('media_id', '=', mediaId).executeTakeFirst();
}

export function listVariants(ex: Executor, mediaId: string): Promise<MediaVariantsTable[]> {
  return ex.selectFrom('media_variants').selectAll().where('media_id', '=', mediaId).orderBy('format').orderBy('width').execute();
}

/** Records an image's sizes and marks it ready, replacing any sizes recorded before. */
export async function saveVariants(ex: Executor, mediaId: string, variants: MediaVariantsTable[], updatedAt: string): Promise<void> {
  await ex.deleteFrom('media_variants').where('media_id', '=', mediaId).execute();
  if (variants.length > 0) await ex.insertInto('media_variants').values(variants).execute();
  await ex.updateTable('media').set({ status: 'ready', updated_at: updatedAt }).where('media_id', '=', mediaId).execute();
}

/** An image's crops, every shape and size. */
export function listCrops(ex: Executor, mediaId: string): Promise<MediaCropsTable[]> {
  return listCropsOf(ex, [mediaId]);
}

/** The crops of several images, one query. */
export function listCropsOf(ex: Executor, mediaIds: string[]): Promise<MediaCropsTable[]> {
  if (mediaIds.length === 0) return Promise.resolve([]);
  return ex
    .selectFrom('media_crops')
    .selectAll()
    .where('media_id', 'in', mediaIds)
    .orderBy('crop')
    .orderBy('format')
    .orderBy('width')
    .execute();
}

/** Replaces an image's crops with these (cut for one focal point). */
export async function saveCrops(ex: Executor, mediaId: string, crops: MediaCropsTable[]): Promise<void> {
  await ex.deleteFrom('media_crops').where('media_id', '=', mediaId).execute();
  if (crops.length > 0) await ex.insertInto('media_crops').values(crops).execute();
}

export async function markMediaFailed(ex: Executor, mediaId: string, updatedAt: string): Promise<void> {
  await ex.updateTable('media').set({ status: 'failed', updated_at: updatedAt }).where('media_id', '=', mediaId).execute();
}

/** Newest first, optionally only those whose alt text, caption, credit or file name hold every word of `words`. */
export function listMedia(ex: Executor, words: string[], limit: number, offset: number): Promise<MediaTable[]> {
  let query = ex.selectFrom('media').selectAll();
  for (const word of words) {
    const pattern = `%${word}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['alt']), 'like', pattern),
        eb(eb.fn('lower', ['caption']), 'like', pattern),
        eb(eb.fn('lower', ['credit']), 'like', pattern),
        eb(eb.fn('lower', ['file_name']), 'like', pattern),
      ]),
    );
  }
  return query.orderBy('created_at', 'desc').orderBy('media_id', 'desc').limit(limit).offset(offset).execute();
}

/** The sizes of several images, one query. */
export function listVariantsOf(ex: Executor, mediaIds: string[]): Promise<MediaVariantsTable[]> {
  if (mediaIds.length === 0) return Promise.resolve([]);
  return ex.selectFrom('media_variants').selectAll().where('media_id', 'in', mediaIds).orderBy('format').orderBy('width').execute();
}

export async function updateMedia(
  ex: Executor,
  mediaId: string,
  set: Pick<MediaTable, 'alt' | 'caption' | 'credit' | 'focal_x' | 'focal_y' | 'licence_expires_at' | 'updated_at'>,
): Promise<void> {
  await ex.updateTable('media').set(set).where('media_id', '=', mediaId).execute();
}

/** The articles that use a picture, by headline. */
export function findMediaUsage(ex: Executor, mediaId: string) {
  return ex
    .selectFrom('article_media')
    .innerJoin('articles', 'articles.article_id', 'article_media.article_id')
    .select(['articles.article_id', 'articles.headline'])
    .distinct()
    .where('article_media.media_id', '=', mediaId)
    .orderBy('articles.headline')
    .execute();
}

/** Whether a picture is in the media library (an author's photo and the site's logo must be). */
export async function mediaExists(ex: Executor, mediaId: string): Promise<boolean> {
  return (await ex.selectFrom('media').select('media_id').where('media_id', '=', mediaId).executeTakeFirst()) !== undefined;
}

/** Whether a picture is the site's logo (the setting holds its id as JSON). */
export async function isSiteLogo(ex: Executor, mediaId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('site_settings')
    .select('key')
    .where('key', '=', 'logoMediaId')
    .where('value', '=', JSON.stringify(mediaId))
    .executeTakeFirst();
  return row !== undefined;
}

/** The authors whose photo a picture is, by name. */
export function findAuthorsUsingMedia(ex: Executor, mediaId: string) {
  return ex.selectFrom('authors').select(['author_id', 'name']).where('photo_media_id', '=', mediaId).orderBy('name_key').execute();
}

export async function deleteMedia(ex: Executor, mediaId: string): Promise<void> {
  await ex.deleteFrom('media').where('media_id', '=', mediaId).execute();
}

/** Library pictures ready to show, by id (their words and focal points). */
export function findPictureRows(ex: Executor, mediaIds: string[]) {
  return ex
    .selectFrom('media')
    .select(['media_id', 'alt', 'caption', 'credit', 'focal_x', 'focal_y', 'format'])
    .where('media_id', 'in', mediaIds)
    .where('status', '=', 'ready')
    .execute();
}

/** The whole-picture sizes of several library pictures. */
export function findPictureVariants(ex: Executor, mediaIds: string[]) {
  return ex
    .selectFrom('media_variants')
    .select(['media_id', 'format', 'width', 'height', 'path'])
    .where('media_id', 'in', mediaIds)
    .execute();
}

/** The named crops of several library pictures. */
export function findPictureCrops(ex: Executor, mediaIds: string[], crops: Array<MediaCropsTable['crop']>) {
  return ex
    .selectFrom('media_crops')
    .select(['media_id', 'crop', 'format', 'width', 'height', 'path'])
    .where('media_id', 'in', mediaIds)
    .where('crop', 'in', crops)
    .execute();
}
