import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Search ranks the newest matches (see `search-index.ts`), so both indexes learn to list a
 * word's matches newest first without reading them all.
 *
 * SQLite: a document's key (`doc_id`, the FTS5 rowid) becomes its time in milliseconds times
 * 1,048,576, so FTS5's own rowid order is newest first; the keys assigned so far were in order
 * of indexing, so the index is emptied here and refilled at start-up by `ensureBuilt`. The
 * headline, standfirst and topics that ranking reads are copied beside the facts.
 *
 * PostgreSQL: an index on each document's time, which a common word's search walks newest
 * first, checking each row's vector; the vector is compressed with lz4 where the server has
 * it (several times quicker to unpack than pglz), and the short columns are never moved out of
 * line (below). The short headline vector the earlier ranking used is dropped. The index is
 * emptied so every document is written again under the new storage.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`delete from article_search`.execute(db);
    await sql`delete from search_documents`.execute(db);
    // The short fields a ranking reads, beside each document's facts: read with the row the
    // search already visits, rather than one FTS5 content lookup per match.
    for (const column of ['headline', 'standfirst', 'topics'])
      await db.schema
        .alterTable('search_documents')
        .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
        .execute();
    return;
  }
  await sql`delete from search_documents`.execute(db);
  await sql`drop index if exists search_documents_head_idx`.execute(db);
  await sql`alter table search_documents drop column head`.execute(db);
  await sql`alter table search_documents alter column document set storage main`.execute(db);
  // A row too large for its page has its largest values moved out of line, and PostgreSQL
  // counts a 36-byte id as large: left to it, the ids and times a search sorts by end up out
  // of line too, and every comparison of a sort fetches them again. The short columns are kept
  // in the row; the body (read for ten snippets a search) goes out of line whole, uncompressed.
  for (const column of ['article_id', 'status', 'section_id', 'series_id', 'published_at', 'updated_at'])
    await sql`alter table search_documents alter column ${sql.ref(column)} set storage plain`.execute(db);
  await sql`alter table search_documents alter column body set storage external`.execute(db);
  // lz4 where the server was built with it (PostgreSQL 14 and later usually are); pglz otherwise.
  await sql`do $$ begin
      alter table search_documents alter column document set compression lz4;
    exception when feature_not_supported or syntax_error then null;
    end $$`.execute(db);
  await sql`create index search_documents_newest_idx
    on search_documents ((coalesce(published_at, updated_at) collate "C") desc, article_id collate "C")`.execute(db);
}
