import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Full-text search storage, one kind per database (see domain/search): on SQLite an FTS5
 * table keyed by an integer per article; on PostgreSQL a weighted tsvector with the body's
 * text, under a GIN index. Either is filled from the articles when the app starts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await db.schema
      .createTable('search_documents')
      .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.article_id').onDelete('cascade'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('document', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index search_documents_document_idx on search_documents using gin (document)`.execute(db);
    return;
  }
  await db.schema
    .createTable('search_documents')
    .addColumn('doc_id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('article_id', 'text', (c) => c.notNull().unique().references('articles.article_id').onDelete('cascade'))
    .execute();
  await sql`create virtual table article_search using fts5(headline, standfirst, topics, body, tokenize = 'porter unicode61 remove_diacritics 2')`.execute(
    db,
  );
}
