import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * PostgreSQL: a second, short tsvector of each document's headline, standfirst and topics,
 * under its own GIN index, so that a common word's page can be ranked among the stories
 * naming it there without unpacking every matching body's vector. (SQLite's FTS5 table already
 * searches single columns.) Filled from the articles here; kept in step by the index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await db.schema
    .alterTable('search_documents')
    .addColumn('head', sql`tsvector`)
    .execute();
  await sql`update search_documents d set head =
      setweight(to_tsvector('english', a.headline), 'A') ||
      setweight(to_tsvector('english', a.standfirst), 'B') ||
      setweight(to_tsvector('english', coalesce((select s.name from sections s where s.section_id = a.section_id), '') || ' ' ||
        coalesce((select string_agg(t.name, ' ') from article_topics at join topics t on t.topic_id = at.topic_id where at.article_id = a.article_id), '')), 'C')
    from articles a where a.article_id = d.article_id`.execute(db);
  await sql`create index search_documents_head_idx on search_documents using gin (head)`.execute(db);
}
