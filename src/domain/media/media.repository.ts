import type { Executor } from '../../db/schema.js';
import type { MediaTable, MediaVariantsTable } from './media.table.js';

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

export async function markMediaFailed(ex: Executor, mediaId: string, updatedAt: string): Promise<void> {
  await ex.updateTable('media').set({ status: 'failed', updated_at: updatedAt }).where('media_id', '=', mediaId).execute();
}
