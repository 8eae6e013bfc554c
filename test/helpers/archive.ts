import type { Database, Executor } from '../../src/db/schema.js';

/** What a bulk-written story needs; everything else is left empty. */
export interface ArchiveStory {
  id: string;
  slug: string;
  sectionId: string;
  headline: string;
  standfirst: string;
  body: string;
  /** Published, updated and created at this time. */
  at: string;
  hero?: { url: string; alt: string };
}

/** Rows per INSERT: under SQLite's limit on bound parameters per statement (an article row has 27 columns). */
const ROWS_PER_STATEMENT = 1_000;

/**
 * Writes published stories straight into the tables, in one transaction, as a large
 * archive's import would leave them: for benches and tests that need thousands of stories,
 * which the article service would take minutes to write. Nothing is indexed or announced.
 */
export async function writeArchive(db: Executor, stories: readonly ArchiveStory[]): Promise<void> {
  const rows: Array<Database['articles']> = stories.map((s) => ({
    article_id: s.id,
    slug: s.slug,
    section_id: s.sectionId,
    series_id: null,
    kicker: null,
    headline: s.headline,
    headline_key: null,
    standfirst: s.standfirst,
    byline: null,
    hero_image_url: s.hero?.url ?? null,
    hero_image_alt: s.hero?.alt ?? null,
    hero_image_caption: null,
    hero_image_credit: null,
    hero_media_id: null,
    status: 'published',
    published_at: s.at,
    updated_at: s.at,
    created_at: s.at,
    import_key: null,
    import_source: null,
    created_by: null,
    version: 1,
    stage: 'writing',
    review_note: null,
    scheduled_for: null,
    embargo_until: null,
    seo_title: null,
    seo_description: null,
  }));
  await db.transaction().execute(async (tx) => {
    for (let c = 0; c < rows.length; c += ROWS_PER_STATEMENT) {
      await tx
        .insertInto('articles')
        .values(rows.slice(c, c + ROWS_PER_STATEMENT))
        .execute();
      await tx
        .insertInto('article_bodies')
        .values(stories.slice(c, c + ROWS_PER_STATEMENT).map((s) => ({ article_id: s.id, body_md: s.body })))
        .execute();
    }
  });
}
