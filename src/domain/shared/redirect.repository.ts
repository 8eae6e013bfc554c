import type { Executor } from '../../db/schema.js';
import type { RedirectsTable } from './redirects.table.js';

/** Points `from` at `to`, repointing earlier redirects to `from` so no chain forms, and dropping one that would loop. */
export async function addRedirect(ex: Executor, row: RedirectsTable): Promise<void> {
  await ex.updateTable('redirects').set({ to_path: row.to_path }).where('to_path', '=', row.from_path).execute();
  await ex.deleteFrom('redirects').where('from_path', '=', row.to_path).execute();
  await ex
    .insertInto('redirects')
    .values(row)
    .onConflict((oc) => oc.column('from_path').doUpdateSet({ to_path: row.to_path }))
    .execute();
}

/** Where an old path now lives, if it moved. */
export async function findRedirect(ex: Executor, path: string): Promise<string | null> {
  const row = await ex.selectFrom('redirects').select('to_path').where('from_path', '=', path).executeTakeFirst();
  return row?.to_path ?? null;
}
