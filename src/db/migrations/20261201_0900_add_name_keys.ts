import type { Kysely } from 'kysely';

/**
 * A unique normalised name for sections, topics, series and authors, so find-or-create is one
 * insert-or-select that two racing writers settle through the index instead of in JavaScript.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Frozen copy of nameKey() as it was when this migration was written.
  const key = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  const tables = [
    ['sections', 'section_id'],
    ['topics', 'topic_id'],
    ['series', 'series_id'],
    ['authors', 'author_id'],
  ] as const;
  for (const [table, id] of tables) {
    await db.schema
      .alterTable(table)
      .addColumn('name_key', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    const rows = await db.selectFrom(table).select([id, 'name']).orderBy('created_at').orderBy(id).execute();
    const seen = new Set<string>();
    for (const row of rows) {
      let nameKey = key(row.name);
      // Two rows that only differ in case were possible before this index: the older keeps the
      // name's key, the newer one a key of its own, so no row is lost or merged behind anyone's back.
      if (seen.has(nameKey)) nameKey = `${nameKey} #${row[id]}`;
      seen.add(nameKey);
      await db.updateTable(table).set({ name_key: nameKey }).where(id, '=', row[id]).execute();
    }
    await db.schema.createIndex(`${table}_name_key_idx`).on(table).column('name_key').unique().execute();
  }
}
