import type { Executor } from '../../db/schema.js';
import type { ApiKeysTable } from './api-keys.table.js';

export async function insertApiKey(ex: Executor, row: ApiKeysTable): Promise<void> {
  await ex.insertInto('api_keys').values(row).execute();
}

/** A key that has not been revoked, by its hash. */
export function findLiveKeyByHash(ex: Executor, keyHash: string) {
  return ex.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
}

export function listApiKeys(ex: Executor) {
  return ex.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('name').orderBy('key_id').execute();
}

export function findApiKey(ex: Executor, keyId: string) {
  return ex.selectFrom('api_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();
}

export async function revokeApiKey(ex: Executor, keyId: string, at: string): Promise<void> {
  await ex.updateTable('api_keys').set({ revoked_at: at }).where('key_id', '=', keyId).where('revoked_at', 'is', null).execute();
}
