import type { Kysely } from 'kysely';
import type { Database, Executor } from '../../db/schema.js';

type SluggedTable = 'sections' | 'topics' | 'series' | 'authors' | 'articles';
type NamedTable = 'sections' | 'topics' | 'series' | 'authors';

/** `base`, or `base-2`, `base-3` … whichever is free in `table` (one query). */
export async function uniqueSlug(ex: Executor, table: SluggedTable, base: string): Promise<string> {
  const rows = await ex
    .selectFrom(table)
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * The row stored under `values.name_key`, inserted (with a free slug) if there is none. The
 * unique indexes settle a race between two writers on both databases: on PostgreSQL `on
 * conflict do nothing` waits for the other writer's commit and the next read sees its row;
 * SQLite writers take turns. A slug taken by a concurrent writer under another name is
 * settled by trying the next free slug.
 */
export async function insertOrSelectByNameKey<T extends NamedTable>(
  ex: Executor,
  table: T,
  values: Omit<Database[T], 'slug'>,
  baseSlug: string,
): Promise<{ row: Database[T]; created: boolean }> {
  // The four tables share the columns used here; Kysely cannot type a union of tables.
  const db = ex as unknown as Kysely<any>;
  const select = () => db.selectFrom(table).selectAll().where('name_key', '=', values.name_key).executeTakeFirst();
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await select();
    if (found) return { row: found as Database[T], created: false };
    const slug = await uniqueSlug(ex, table, baseSlug);
    const inserted = await db
      .insertInto(table)
      .values({ ...values, slug })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { row: { ...values, slug } as Database[T], created: true };
  }
  throw new Error(`Could not store "${values.name_key}" in ${table}: its slug kept being taken by other writers.`);
}
