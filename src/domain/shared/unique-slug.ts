import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type SluggedTable = 'sections' | 'topics' | 'series' | 'authors' | 'articles';

/** `base`, or `base-2`, `base-3` … whichever is free in `table` (one query). */
export async function uniqueSlug(db: Kysely<Database>, table: SluggedTable, base: string): Promise<string> {
  const rows = await db
    .selectFrom(table)
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
