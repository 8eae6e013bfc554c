import { sql, type Kysely } from 'kysely';

/** Articles with their authors, topics, pull quotes and teaser headlines. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('articles')
    .addColumn('article_id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('section_id', 'text', (c) => c.notNull().references('sections.section_id'))
    .addColumn('series_id', 'text', (c) => c.references('series.series_id'))
    .addColumn('kicker', 'text')
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('byline', 'text')
    .addColumn('hero_image_url', 'text')
    .addColumn('hero_image_alt', 'text')
    .addColumn('hero_image_caption', 'text')
    .addColumn('hero_image_credit', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published', 'unpublished')`))
    .addColumn('published_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('import_key', 'text', (c) => c.unique())
    .execute();
  // One index per listing: home/latest, section rail, series episodes; headline for teaser links.
  await db.schema.createIndex('articles_status_published_idx').on('articles').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('articles_section_published_idx').on('articles').columns(['section_id', 'status', 'published_at']).execute();
  await db.schema.createIndex('articles_series_published_idx').on('articles').columns(['series_id', 'status', 'published_at']).execute();
  await db.schema.createIndex('articles_headline_idx').on('articles').column('headline').execute();

  await db.schema
    .createTable('article_authors')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.article_id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('authors.author_id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
    .execute();
  await db.schema.createIndex('article_authors_author_idx').on('article_authors').columns(['author_id', 'article_id']).execute();

  await db.schema
    .createTable('article_topics')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.article_id').onDelete('cascade'))
    .addColumn('topic_id', 'text', (c) => c.notNull().references('topics.topic_id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_topics_pk', ['article_id', 'topic_id'])
    .execute();
  await db.schema.createIndex('article_topics_topic_idx').on('article_topics').columns(['topic_id', 'article_id']).execute();

  await db.schema
    .createTable('pull_quotes')
    .addColumn('pull_quote_id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.article_id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('speaker', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pull_quotes_article_idx').on('pull_quotes').columns(['article_id', 'position']).execute();

  await db.schema
    .createTable('related_headlines')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.article_id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('headline_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('related_headlines_pk', ['article_id', 'position'])
    .execute();
}
