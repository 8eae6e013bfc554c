import { sql, type SelectQueryBuilder } from 'kysely';
import { preparedQuery } from '../../db/prepared-query.js';
import type { Executor } from '../../db/schema.js';
import type {
  ArticleNotesTable,
  ArticleRevisionsTable,
  ArticlesTable,
  PreviewLinksTable,
  ArticleStage,
  ArticleStatus,
} from './articles.table.js';

// ---------------------------------------------------------------------------
// Writes: each takes the executor (the database or the service's transaction)
// ---------------------------------------------------------------------------

/** An article row's content columns, as a write sets them. */
export type ArticleContentColumns = Pick<
  ArticlesTable,
  | 'section_id'
  | 'series_id'
  | 'kicker'
  | 'headline'
  | 'headline_key'
  | 'standfirst'
  | 'byline'
  | 'hero_image_url'
  | 'hero_image_alt'
  | 'hero_image_caption'
  | 'hero_image_credit'
  | 'hero_media_id'
  | 'embargo_until'
  | 'seo_title'
  | 'seo_description'
>;

/** What an article's relations hold, in display order. */
export interface ArticleRelations {
  authorIds: string[];
  topicIds: string[];
  pullQuotes: Array<{ pull_quote_id: string; text: string; speaker: string }>;
  teasers: Array<{ headline: string; headline_key: string }>;
  /** The library pictures it shows, and how. */
  media: Array<{ media_id: string; role: 'hero' | 'body' }>;
}

/**
 * Inserts an article and its body unless its slug or import key is taken (by an article a
 * concurrent writer committed first, say); returns whether it was inserted. On PostgreSQL
 * the insert waits for a concurrent writer holding the same key to commit or roll back.
 */
export async function insertArticle(ex: Executor, row: ArticlesTable, bodyMarkdown: string): Promise<boolean> {
  const result = await ex
    .insertInto('articles')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await ex.insertInto('article_bodies').values({ article_id: row.article_id, body_md: bodyMarkdown }).execute();
  return true;
}

/**
 * Replaces an article's content if it is still at `version`, moving it to the next version;
 * false when another save got there first (nothing is written then).
 */
export async function updateArticleContent(
  ex: Executor,
  articleId: string,
  version: number,
  columns: ArticleContentColumns & Partial<Pick<ArticlesTable, 'updated_at' | 'import_key' | 'import_source'>>,
  bodyMarkdown: string,
): Promise<boolean> {
  const result = await ex
    .updateTable('articles')
    .set({ ...columns, version: version + 1 })
    .where('article_id', '=', articleId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await ex.updateTable('article_bodies').set({ body_md: bodyMarkdown }).where('article_id', '=', articleId).execute();
  return true;
}

/** Sets an article's authors, topics, pull quotes, teasers and pictures to these, in this order. */
export async function replaceArticleRelations(ex: Executor, articleId: string, relations: ArticleRelations): Promise<void> {
  for (const table of ['article_authors', 'article_topics', 'pull_quotes', 'article_teasers', 'article_media'] as const)
    await ex.deleteFrom(table).where('article_id', '=', articleId).execute();
  if (relations.authorIds.length > 0)
    await ex
      .insertInto('article_authors')
      .values(relations.authorIds.map((author_id, position) => ({ article_id: articleId, author_id, position })))
      .execute();
  if (relations.topicIds.length > 0)
    await ex
      .insertInto('article_topics')
      .values(relations.topicIds.map((topic_id, position) => ({ article_id: articleId, topic_id, position })))
      .execute();
  if (relations.pullQuotes.length > 0)
    await ex
      .insertInto('pull_quotes')
      .values(relations.pullQuotes.map((q, position) => ({ ...q, article_id: articleId, position })))
      .execute();
  if (relations.teasers.length > 0)
    await ex
      .insertInto('article_teasers')
      .values(relations.teasers.map((t, position) => ({ ...t, article_id: articleId, position })))
      .execute();
  if (relations.media.length > 0)
    await ex
      .insertInto('article_media')
      .values(relations.media.map((m) => ({ ...m, article_id: articleId })))
      .execute();
}

/** Sets an article's status and times; with `onlyIf`, only when it is in that status now. Returns whether it changed. */
export async function setArticleStatus(
  ex: Executor,
  articleId: string,
  set: { status: ArticleStatus; updated_at: string; published_at?: string | null; stage?: ArticleStage; scheduled_for?: null },
  onlyIf?: ArticleStatus,
): Promise<boolean> {
  let query = ex.updateTable('articles').set(set).where('article_id', '=', articleId);
  if (onlyIf) query = query.where('status', '=', onlyIf);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Moves a draft to `stage` if it is at `from` now; returns whether it moved. */
export async function setArticleStage(
  ex: Executor,
  articleId: string,
  from: ArticleStage[],
  set: { stage: ArticleStage; review_note?: string | null; updated_at: string; scheduled_for?: string | null },
): Promise<boolean> {
  const result = await ex
    .updateTable('articles')
    .set(set)
    .where('article_id', '=', articleId)
    .where('status', '=', 'draft')
    .where('stage', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Publishes a scheduled draft whose time has come and whose embargo has passed; false when it
 * is not (any more) scheduled, or not yet due. The conditions make a second run of the same
 * job, on this instance or another, change nothing.
 */
export async function publishDueArticle(ex: Executor, articleId: string, now: string): Promise<boolean> {
  const result = await ex
    .updateTable('articles')
    .set({ status: 'published', stage: 'writing', scheduled_for: null, updated_at: now, published_at: now })
    .where('article_id', '=', articleId)
    .where('status', '=', 'draft')
    .where('stage', '=', 'scheduled')
    .where('scheduled_for', '<=', now)
    .where((eb) => eb.or([eb('embargo_until', 'is', null), eb('embargo_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes an article; its body, relations, revisions and notes go with it (foreign keys cascade). */
export async function deleteArticle(ex: Executor, articleId: string): Promise<void> {
  await ex.deleteFrom('articles').where('article_id', '=', articleId).execute();
}

export async function setArticleSlug(ex: Executor, articleId: string, slug: string, updatedAt: string): Promise<void> {
  await ex.updateTable('articles').set({ slug, updated_at: updatedAt }).where('article_id', '=', articleId).execute();
}

// ---------------------------------------------------------------------------
// Lookups for writers
// ---------------------------------------------------------------------------

/** An article's id, slug, status and section slug: enough to link to it. */
export function findArticleRef(ex: Executor, articleId: string) {
  return ex
    .selectFrom('articles')
    .innerJoin('sections', 'sections.section_id', 'articles.section_id')
    .select([
      'articles.article_id',
      'articles.slug',
      'articles.status',
      'articles.published_at',
      'articles.created_by',
      'articles.version',
      'articles.stage',
      'articles.scheduled_for',
      'articles.embargo_until',
      'articles.hero_media_id',
      'sections.slug as section_slug',
    ])
    .where('articles.article_id', '=', articleId)
    .executeTakeFirst();
}

/** What publication checks of an article's pictures need: its library hero and its body. */
export function findArticlePictures(ex: Executor, articleId: string) {
  return ex
    .selectFrom('articles')
    .innerJoin('article_bodies', 'article_bodies.article_id', 'articles.article_id')
    .select(['articles.hero_media_id', 'article_bodies.body_md'])
    .where('articles.article_id', '=', articleId)
    .executeTakeFirst();
}

export async function findArticleIdBySlug(ex: Executor, slug: string): Promise<string | null> {
  const row = await ex.selectFrom('articles').select('article_id').where('slug', '=', slug).executeTakeFirst();
  return row?.article_id ?? null;
}

export async function findArticleIdByImportKey(ex: Executor, importKey: string): Promise<string | null> {
  const row = await ex.selectFrom('articles').select('article_id').where('import_key', '=', importKey).executeTakeFirst();
  return row?.article_id ?? null;
}

/** Articles imported from a file of this name with this headline, with their section names. */
export function findImportedFrom(ex: Executor, importSource: string, headlineKey: string) {
  return ex
    .selectFrom('articles')
    .innerJoin('sections', 'sections.section_id', 'articles.section_id')
    .select(['articles.article_id', 'sections.name as section_name'])
    .where('articles.headline_key', '=', headlineKey)
    .where('articles.import_source', '=', importSource)
    .execute();
}

/** An article with everything an editing form shows: its row, section and series names, body and relations. */
export async function findArticleForEdit(ex: Executor, articleId: string) {
  const row = await ex
    .selectFrom('articles')
    .innerJoin('sections', 'sections.section_id', 'articles.section_id')
    .leftJoin('series', 'series.series_id', 'articles.series_id')
    .innerJoin('article_bodies', 'article_bodies.article_id', 'articles.article_id')
    .selectAll('articles')
    .select(['sections.name as section_name', 'series.name as series_name', 'article_bodies.body_md'])
    .where('articles.article_id', '=', articleId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [authors, topics, pullQuotes, teasers] = await Promise.all([
    ex
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.author_id', 'article_authors.author_id')
      .select('authors.name')
      .where('article_id', '=', articleId)
      .orderBy('position')
      .execute(),
    ex
      .selectFrom('article_topics')
      .innerJoin('topics', 'topics.topic_id', 'article_topics.topic_id')
      .select('topics.name')
      .where('article_id', '=', articleId)
      .orderBy('position')
      .execute(),
    ex.selectFrom('pull_quotes').select(['text', 'speaker']).where('article_id', '=', articleId).orderBy('position').execute(),
    ex.selectFrom('article_teasers').select('headline').where('article_id', '=', articleId).orderBy('position').execute(),
  ]);
  return {
    row,
    authors: authors.map((a) => a.name),
    topics: topics.map((t) => t.name),
    pullQuotes,
    teasers: teasers.map((t) => t.headline),
  };
}

// ---------------------------------------------------------------------------
// Reader queries: compiled once for the open database, run with new values
// ---------------------------------------------------------------------------
const cardColumns = [
  'articles.article_id',
  'articles.section_id',
  'articles.slug',
  'articles.headline',
  'articles.standfirst',
  'articles.kicker',
  'articles.published_at',
  'articles.updated_at',
  'articles.hero_image_url',
  'articles.hero_image_alt',
  'articles.hero_media_id',
  'articles.byline',
  'sections.name as section_name',
  'sections.slug as section_slug',
  'series.name as series_name',
  'series.slug as series_slug',
] as const;

function publishedCards(db: Executor) {
  return db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.section_id', 'articles.section_id')
    .leftJoin('series', 'series.series_id', 'articles.series_id')
    .select(cardColumns)
    .where('articles.status', '=', 'published');
}

/** A listing row: what a card shows. */
export type CardRow = {
  article_id: string;
  section_id: string;
  slug: string;
  headline: string;
  standfirst: string;
  kicker: string | null;
  published_at: string | null;
  hero_image_url: string | null;
  hero_image_alt: string | null;
  hero_media_id: string | null;
  byline: string | null;
  section_name: string;
  section_slug: string;
  series_name: string | null;
  series_slug: string | null;
};

/** Published articles' card rows by id (in no particular order). */
export function cardsByIds(ex: Executor, articleIds: string[]) {
  return publishedCards(ex).where('articles.article_id', 'in', articleIds).execute();
}

/** The authors of several articles, in byline order: one query for a page of cards. */
export function findCardAuthors(ex: Executor, articleIds: string[]) {
  return ex
    .selectFrom('article_authors')
    .innerJoin('authors', 'authors.author_id', 'article_authors.author_id')
    .select(['article_authors.article_id', 'authors.name'])
    .where('article_authors.article_id', 'in', articleIds)
    .orderBy('article_authors.article_id')
    .orderBy('article_authors.position')
    .execute();
}

/** Listing order: newest first, ties broken by id so pages never overlap. */
function newestFirst<QB extends SelectQueryBuilder<any, any, CardRow>>(query: QB, limit: number, offset: number) {
  return query.orderBy('articles.published_at', 'desc').orderBy('articles.article_id').limit(limit).offset(offset);
}

/** An article with everything its page shows from its own row. */
function articlePageRow(db: Executor) {
  return db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.section_id', 'articles.section_id')
    .leftJoin('series', 'series.series_id', 'articles.series_id')
    .innerJoin('article_bodies', 'article_bodies.article_id', 'articles.article_id')
    .select([
      ...cardColumns,
      'articles.status',
      'article_bodies.body_md',
      'articles.byline',
      'articles.hero_image_caption',
      'articles.hero_image_credit',
      'articles.seo_title',
      'articles.seo_description',
    ]);
}

/**
 * The reader site's queries, compiled once for `db` (the page path's hottest code: building
 * and compiling a query costs more than running it). One query per list, never one per card.
 */
export function prepareReaderQueries(db: Executor) {
  return {
    articleBySlug: preparedQuery(db, (slug: string) => articlePageRow(db).where('articles.slug', '=', slug), 1),
    /** Any article by id, whatever its status: for preview links only. */
    articleById: preparedQuery(db, (id: string) => articlePageRow(db).where('articles.article_id', '=', id), 1),
    authors: preparedQuery(
      db,
      (id: string) =>
        db
          .selectFrom('article_authors')
          .innerJoin('authors', 'authors.author_id', 'article_authors.author_id')
          .select(['authors.name', 'authors.slug', 'authors.role'])
          .where('article_authors.article_id', '=', id)
          .orderBy('article_authors.position'),
      1,
    ),
    topics: preparedQuery(
      db,
      (id: string) =>
        db
          .selectFrom('article_topics')
          .innerJoin('topics', 'topics.topic_id', 'article_topics.topic_id')
          .select(['topics.topic_id', 'topics.name', 'topics.slug', 'topics.kind'])
          .where('article_topics.article_id', '=', id)
          .orderBy('article_topics.position'),
      1,
    ),
    pullQuotes: preparedQuery(
      db,
      (id: string) => db.selectFrom('pull_quotes').select(['text', 'speaker']).where('article_id', '=', id).orderBy('position'),
      1,
    ),
    teasers: preparedQuery(
      db,
      (id: string) =>
        db
          .selectFrom('article_teasers')
          .innerJoin('articles', (join) =>
            join.onRef('articles.headline_key', '=', 'article_teasers.headline_key').on('articles.status', '=', 'published'),
          )
          .innerJoin('sections', 'sections.section_id', 'articles.section_id')
          .select(['article_teasers.position', 'articles.headline', 'articles.slug', 'sections.slug as section_slug'])
          .where('article_teasers.article_id', '=', id)
          .where('articles.article_id', '!=', id)
          .orderBy('article_teasers.position'),
      1,
    ),
    notes: preparedQuery(
      db,
      (id: string) =>
        db
          .selectFrom('article_notes')
          .select(['kind', 'body', 'created_at'])
          .where('article_id', '=', id)
          .orderBy('created_at')
          .orderBy('note_id'),
      1,
    ),
    latest: preparedQuery(db, (limit: number, offset: number) => newestFirst(publishedCards(db), limit, offset), 2),
    bySection: preparedQuery(
      db,
      (sectionId: string, limit: number, offset: number) =>
        newestFirst(publishedCards(db).where('articles.section_id', '=', sectionId), limit, offset),
      3,
    ),
    bySectionExcept: preparedQuery(
      db,
      (sectionId: string, excludeId: string, limit: number, offset: number) =>
        newestFirst(
          publishedCards(db).where('articles.section_id', '=', sectionId).where('articles.article_id', '!=', excludeId),
          limit,
          offset,
        ),
      4,
    ),
    byTopic: preparedQuery(
      db,
      (topicId: string, limit: number, offset: number) =>
        newestFirst(
          publishedCards(db)
            .innerJoin('article_topics', 'article_topics.article_id', 'articles.article_id')
            .where('article_topics.topic_id', '=', topicId),
          limit,
          offset,
        ),
      3,
    ),
    bySeries: preparedQuery(
      db,
      (seriesId: string, limit: number, offset: number) =>
        newestFirst(publishedCards(db).where('articles.series_id', '=', seriesId), limit, offset),
      3,
    ),
    byAuthor: preparedQuery(
      db,
      (authorId: string, limit: number, offset: number) =>
        newestFirst(
          publishedCards(db)
            .innerJoin('article_authors', 'article_authors.article_id', 'articles.article_id')
            .where('article_authors.author_id', '=', authorId),
          limit,
          offset,
        ),
      3,
    ),
  };
}

export type ReaderQueries = ReturnType<typeof prepareReaderQueries>;

// ---------------------------------------------------------------------------
// Revisions and notes
// ---------------------------------------------------------------------------

/** Stores a revision unless this version of the article has one already. */
/** What the content API may filter articles by: ids already looked up, times as ISO-8601. */
export interface ArticleFilter {
  sectionId?: string;
  topicId?: string;
  seriesId?: string;
  authorId?: string;
  /** Published at or after. */
  since?: string;
  /** Published before. */
  until?: string;
}

/**
 * Published articles matching `filter`, newest first, after the keyset position `after`
 * (the last row of the previous page): a page never repeats or skips a story, however many
 * are published meanwhile.
 */
export function filteredCards(ex: Executor, filter: ArticleFilter, after: { publishedAt: string; id: string } | null, limit: number) {
  let q = publishedCards(ex);
  if (filter.sectionId) q = q.where('articles.section_id', '=', filter.sectionId);
  if (filter.seriesId) q = q.where('articles.series_id', '=', filter.seriesId);
  if (filter.since) q = q.where('articles.published_at', '>=', filter.since);
  if (filter.until) q = q.where('articles.published_at', '<', filter.until);
  if (filter.topicId)
    q = q.where('articles.article_id', 'in', ex.selectFrom('article_topics').select('article_id').where('topic_id', '=', filter.topicId));
  if (filter.authorId)
    q = q.where(
      'articles.article_id',
      'in',
      ex.selectFrom('article_authors').select('article_id').where('author_id', '=', filter.authorId),
    );
  if (after)
    q = q.where(({ or, and, eb }) =>
      or([
        eb('articles.published_at', '<', after.publishedAt),
        and([eb('articles.published_at', '=', after.publishedAt), eb('articles.article_id', '>', after.id)]),
      ]),
    );
  return q.orderBy('articles.published_at', 'desc').orderBy('articles.article_id').limit(limit).execute();
}

/** Where a sitemap batch starts: a count of articles from the oldest, or just after a known one (a keyset position). */
export type SitemapPosition = { offset: number } | { after: { publishedAt: string; id: string } };

/**
 * Published articles oldest first (so a sitemap page, once full, never changes): what a
 * sitemap lists of each. A page's first batch starts at an offset; the rest continue after
 * the previous batch's last article, so a page deep in a million-article archive walks the
 * index once, not once per batch.
 */
export function sitemapArticles(ex: Executor, limit: number, from: SitemapPosition) {
  let q = ex
    .selectFrom('articles')
    .innerJoin('sections', 'sections.section_id', 'articles.section_id')
    .select([
      'articles.article_id',
      'articles.slug',
      'sections.slug as section_slug',
      'articles.headline',
      'articles.published_at',
      'articles.updated_at',
      'articles.hero_media_id',
      'articles.hero_image_url',
      'articles.hero_image_alt',
    ])
    .where('articles.status', '=', 'published');
  if ('after' in from) {
    const { after } = from;
    q = q.where(({ or, and, eb }) =>
      or([
        eb('articles.published_at', '>', after.publishedAt),
        and([eb('articles.published_at', '=', after.publishedAt), eb('articles.article_id', '>', after.id)]),
      ]),
    );
  }
  return q
    .orderBy('articles.published_at')
    .orderBy('articles.article_id')
    .limit(limit)
    .offset('offset' in from ? from.offset : 0)
    .execute();
}

/** How many articles are published. */
export async function countPublished(ex: Executor): Promise<number> {
  const row = await ex
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'published')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Articles published since `since`, newest first: a news sitemap's. */
export function recentlyPublished(ex: Executor, since: string, limit: number) {
  return ex
    .selectFrom('articles')
    .innerJoin('sections', 'sections.section_id', 'articles.section_id')
    .select(['articles.slug', 'sections.slug as section_slug', 'articles.headline', 'articles.published_at'])
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '>=', since)
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.article_id')
    .limit(limit)
    .execute();
}

export async function insertRevision(ex: Executor, row: ArticleRevisionsTable): Promise<void> {
  await ex
    .insertInto('article_revisions')
    .values(row)
    .onConflict((oc) => oc.columns(['article_id', 'version']).doNothing())
    .execute();
}

export async function hasRevisions(ex: Executor, articleId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('article_revisions')
    .select('revision_id')
    .where('article_id', '=', articleId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** An article's revisions, newest first, without their snapshots. */
export function listRevisions(ex: Executor, articleId: string) {
  return ex
    .selectFrom('article_revisions')
    .select(['version', 'created_at', 'actor_label', 'note', 'headline'])
    .where('article_id', '=', articleId)
    .orderBy('version', 'desc')
    .execute();
}

export function findRevision(ex: Executor, articleId: string, version: number) {
  return ex
    .selectFrom('article_revisions')
    .selectAll()
    .where('article_id', '=', articleId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function insertNote(ex: Executor, row: ArticleNotesTable): Promise<void> {
  await ex.insertInto('article_notes').values(row).execute();
}

/** Marks a published article as updated now (a note was appended) without changing its content version. */
export async function touchArticle(ex: Executor, articleId: string, updatedAt: string): Promise<void> {
  await ex.updateTable('articles').set({ updated_at: updatedAt }).where('article_id', '=', articleId).execute();
}

/** An article's notes, oldest first (the order they are read in under the article). */
export function listNotes(ex: Executor, articleId: string) {
  return ex
    .selectFrom('article_notes')
    .select(['note_id', 'kind', 'body', 'created_at'])
    .where('article_id', '=', articleId)
    .orderBy('created_at')
    .orderBy('note_id')
    .execute();
}

/** Corrections to published articles, newest first, with the article each corrects. */
export function listCorrections(ex: Executor, limit: number, offset: number) {
  return ex
    .selectFrom('article_notes')
    .innerJoin('articles', 'articles.article_id', 'article_notes.article_id')
    .innerJoin('sections', 'sections.section_id', 'articles.section_id')
    .select([
      'article_notes.note_id',
      'article_notes.body',
      'article_notes.created_at',
      'articles.headline',
      'articles.slug',
      'sections.slug as section_slug',
    ])
    .where('article_notes.kind', '=', 'correction')
    .where('articles.status', '=', 'published')
    .orderBy('article_notes.created_at', 'desc')
    .orderBy('article_notes.note_id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

// ---------------------------------------------------------------------------
// The newsroom's desk: the article list and soft locks
// ---------------------------------------------------------------------------

/** Where an article is, as the newsroom's list filters it: the stage of a draft, or its public status. */
export type DeskState = 'writing' | 'in_review' | 'scheduled' | 'published' | 'unpublished';

export interface DeskFilter {
  state?: DeskState | undefined;
  sectionId?: string | undefined;
  authorId?: string | undefined;
  topicId?: string | undefined;
  /** Words the headline contains (any case). */
  headline?: string | undefined;
  /** Only these articles (a search's matches). */
  ids?: string[] | undefined;
  /** Only articles this member of staff created. */
  createdBy?: string | undefined;
  sort: 'updated' | 'published' | 'headline';
  limit: number;
  offset: number;
  /** Locks held until after this moment are shown. */
  now: string;
}

/** One page of the newsroom's article list, with who (if anyone) has each open now. */
export function listDeskArticles(ex: Executor, f: DeskFilter) {
  let query = ex
    .selectFrom('articles')
    .innerJoin('sections', 'sections.section_id', 'articles.section_id')
    .leftJoin('article_locks', (join) =>
      join.onRef('article_locks.article_id', '=', 'articles.article_id').on('article_locks.expires_at', '>', f.now),
    )
    .leftJoin('staff_users', 'staff_users.user_id', 'articles.created_by')
    .select([
      'articles.article_id',
      'articles.headline',
      'articles.slug',
      'articles.status',
      'articles.stage',
      'articles.updated_at',
      'articles.published_at',
      'articles.scheduled_for',
      'articles.created_by',
      'sections.name as section_name',
      'sections.slug as section_slug',
      'staff_users.name as created_by_name',
      'article_locks.user_id as lock_user_id',
      'article_locks.user_name as lock_user_name',
    ]);
  if (f.state === 'published' || f.state === 'unpublished') query = query.where('articles.status', '=', f.state);
  else if (f.state) query = query.where('articles.status', '=', 'draft').where('articles.stage', '=', f.state);
  if (f.sectionId) query = query.where('articles.section_id', '=', f.sectionId);
  if (f.ids) query = f.ids.length > 0 ? query.where('articles.article_id', 'in', f.ids) : query.where(sql<boolean>`1 = 0`);
  if (f.createdBy) query = query.where('articles.created_by', '=', f.createdBy);
  if (f.authorId) {
    const authorId = f.authorId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_authors')
          .select('article_authors.article_id')
          .whereRef('article_authors.article_id', '=', 'articles.article_id')
          .where('article_authors.author_id', '=', authorId),
      ),
    );
  }
  if (f.topicId) {
    const topicId = f.topicId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_topics')
          .select('article_topics.article_id')
          .whereRef('article_topics.article_id', '=', 'articles.article_id')
          .where('article_topics.topic_id', '=', topicId),
      ),
    );
  }
  // headline_key is the lower-cased headline: a case-insensitive match on both databases.
  // LIKE wildcards typed into the search box are dropped rather than escaped (escaping differs by database).
  for (const word of (f.headline ?? '')
    .replace(/[%_\\]/g, '')
    .split(' ')
    .filter(Boolean))
    query = query.where('articles.headline_key', 'like', `%${word}%`);
  query =
    f.sort === 'headline'
      ? query.orderBy('articles.headline_key').orderBy('articles.article_id')
      : f.sort === 'published'
        ? query.orderBy('articles.published_at', 'desc').orderBy('articles.article_id')
        : query.orderBy('articles.updated_at', 'desc').orderBy('articles.article_id');
  return query.limit(f.limit).offset(f.offset).execute();
}

/**
 * Takes or renews `userId`'s soft lock on an article until `expiresAt`, unless someone else
 * holds an unexpired one; returns who holds it afterwards.
 */
export async function holdLock(
  ex: Executor,
  lock: { article_id: string; user_id: string; user_name: string; expires_at: string },
  now: string,
): Promise<{ user_id: string; user_name: string }> {
  await ex
    .insertInto('article_locks')
    .values(lock)
    .onConflict((oc) =>
      oc
        .column('article_id')
        .doUpdateSet({ user_id: lock.user_id, user_name: lock.user_name, expires_at: lock.expires_at })
        .where((eb) => eb.or([eb('article_locks.user_id', '=', lock.user_id), eb('article_locks.expires_at', '<=', now)])),
    )
    .execute();
  return ex
    .selectFrom('article_locks')
    .select(['user_id', 'user_name'])
    .where('article_id', '=', lock.article_id)
    .executeTakeFirstOrThrow();
}

/** Lets go of `userId`'s lock (the editor was closed). */
export async function releaseLock(ex: Executor, articleId: string, userId: string): Promise<void> {
  await ex.deleteFrom('article_locks').where('article_id', '=', articleId).where('user_id', '=', userId).execute();
}

// ---------------------------------------------------------------------------
// Preview links
// ---------------------------------------------------------------------------

export async function insertPreviewLink(ex: Executor, row: PreviewLinksTable): Promise<void> {
  await ex.insertInto('preview_links').values(row).execute();
}

/** The article a live link (not expired, not revoked) shows. */
export async function findPreviewArticle(ex: Executor, tokenHash: string, now: string): Promise<string | null> {
  const row = await ex
    .selectFrom('preview_links')
    .select('article_id')
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.article_id ?? null;
}

/** Revokes every live link to an article; returns how many. */
export async function revokePreviewLinks(ex: Executor, articleId: string, now: string): Promise<number> {
  const result = await ex
    .updateTable('preview_links')
    .set({ revoked_at: now })
    .where('article_id', '=', articleId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many live links an article has. */
export async function countLivePreviewLinks(ex: Executor, articleId: string, now: string): Promise<number> {
  const row = await ex
    .selectFrom('preview_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', articleId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
