import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { conflict, invalid, notFound } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import { nameKey, slugify, wordsSlug } from '../../kernel/slugs.js';
import { parseInput } from '../../kernel/validation.js';
import type { Database, TopicKind } from '../../db/schema.js';
import type { AuthorService } from '../people/index.js';
import type { TaxonomyService } from '../taxonomy/index.js';
import { uniqueSlug } from '../shared/index.js';
import { articlePath } from './article-paths.js';
import { articleInputSchema, type ArticleInput, type ParsedArticleInput } from './article.schemas.js';

type Db = Kysely<Database>;

export interface ArticleServiceDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  taxonomy: TaxonomyService;
  authors: AuthorService;
}

/** What a write returns: enough to link to the article. */
export interface ArticleRef {
  id: string;
  slug: string;
  path: string;
  status: 'draft' | 'published' | 'unpublished';
}

/** Writes to articles: create, publish, unpublish, change slug. Every door calls these. */
export function createArticleService(deps: ArticleServiceDeps) {
  const { db, clock, events, taxonomy, authors } = deps;

  async function refOf(articleId: string, trx: Db = db): Promise<ArticleRef> {
    const row = await trx
      .selectFrom('articles')
      .innerJoin('sections', 'sections.section_id', 'articles.section_id')
      .select(['articles.article_id', 'articles.slug', 'articles.status', 'sections.slug as section_slug'])
      .where('articles.article_id', '=', articleId)
      .executeTakeFirst();
    if (!row) throw notFound('ARTICLE_NOT_FOUND', 'No such article.');
    return { id: row.article_id, slug: row.slug, status: row.status, path: articlePath(row.section_slug, row.slug) };
  }

  /** The article columns an input decides, with its section and series found or created. */
  async function contentColumns(trx: Db, input: ParsedArticleInput) {
    const section = await taxonomy.ensureSection(input.section, { db: trx });
    const series = input.series ? await taxonomy.ensureSeries(input.series, { db: trx }) : null;
    return {
      section_id: section.id,
      series_id: series?.id ?? null,
      // A kicker that only repeats the section name is not a label of its own.
      kicker: input.kicker && nameKey(input.kicker) !== nameKey(section.name) ? input.kicker : null,
      headline: input.headline,
      headline_key: nameKey(input.headline),
      standfirst: input.standfirst,
      byline: input.byline || null,
      hero_image_url: input.hero?.url ?? null,
      hero_image_alt: input.hero?.alt ?? null,
      hero_image_caption: input.hero?.caption || null,
      hero_image_credit: input.hero?.credit || null,
    };
  }

  /** Sets an article's authors, topics, pull quotes and teaser headlines to the input's. */
  async function replaceRelations(trx: Db, articleId: string, input: ParsedArticleInput) {
    for (const table of ['article_authors', 'article_topics', 'pull_quotes', 'related_headlines'] as const)
      await trx.deleteFrom(table).where('article_id', '=', articleId).execute();

    const authorIds = new Set<string>();
    for (const name of input.authors) authorIds.add((await authors.ensureAuthor(name, { db: trx })).id);
    if (authorIds.size > 0)
      await trx
        .insertInto('article_authors')
        .values([...authorIds].map((author_id, position) => ({ article_id: articleId, author_id, position })))
        .execute();

    const topicIds = new Set<string>();
    for (const ref of input.topics) {
      const topic =
        typeof ref === 'string'
          ? await taxonomy.ensureTopic(ref, { db: trx })
          : await taxonomy.ensureTopic(ref.name, { db: trx, ...(ref.kind ? { kind: ref.kind as TopicKind } : {}) });
      topicIds.add(topic.id);
    }
    if (topicIds.size > 0)
      await trx
        .insertInto('article_topics')
        .values([...topicIds].map((topic_id, position) => ({ article_id: articleId, topic_id, position })))
        .execute();

    if (input.pullQuotes.length > 0)
      await trx
        .insertInto('pull_quotes')
        .values(
          input.pullQuotes.map((q, position) => ({
            pull_quote_id: newId(),
            article_id: articleId,
            position,
            text: q.text,
            speaker: q.speaker,
          })),
        )
        .execute();

    if (input.relatedHeadlines.length > 0)
      await trx
        .insertInto('related_headlines')
        .values(
          input.relatedHeadlines.map((headline, position) => ({
            article_id: articleId,
            position,
            headline,
            headline_key: nameKey(headline),
          })),
        )
        .execute();
  }

  return {
    /**
     * Creates an article and everything it names (section, series, authors, topics) in one
     * transaction: on any error nothing is written.
     */
    async createArticle(raw: ArticleInput): Promise<ArticleRef> {
      const input = parseInput(articleInputSchema, raw);
      const now = clock.now().toISOString();
      const publishedAt = input.status === 'published' ? new Date(input.publishedAt ?? now).toISOString() : null;
      const articleId = newId();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('articles')
          .values({
            article_id: articleId,
            slug: await uniqueSlug(trx, 'articles', slugify(input.headline)),
            ...(await contentColumns(trx, input)),
            status: input.status,
            published_at: publishedAt,
            updated_at: publishedAt ?? now,
            created_at: now,
            import_key: input.importKey ?? null,
            import_source: input.importSource ?? null,
          })
          .execute();
        await trx.insertInto('article_bodies').values({ article_id: articleId, body_md: input.bodyMarkdown }).execute();
        await replaceRelations(trx, articleId, input);
      });
      if (input.status === 'published') await events.emit({ type: 'article.published', articleId });
      return refOf(articleId);
    },

    /**
     * Replaces an article's content (everything but its slug, status and publication time)
     * in one transaction, and marks it updated.
     */
    async updateArticle(articleId: string, raw: ArticleInput): Promise<ArticleRef> {
      const input = parseInput(articleInputSchema, raw);
      const before = await refOf(articleId);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('articles')
          .set({
            ...(await contentColumns(trx, input)),
            updated_at: clock.now().toISOString(),
            ...(input.importKey ? { import_key: input.importKey } : {}),
            ...(input.importSource ? { import_source: input.importSource } : {}),
          })
          .where('article_id', '=', articleId)
          .execute();
        await trx.updateTable('article_bodies').set({ body_md: input.bodyMarkdown }).where('article_id', '=', articleId).execute();
        await replaceRelations(trx, articleId, input);
      });
      if (before.status === 'published') await events.emit({ type: 'article.updated', articleId });
      return refOf(articleId);
    },

    /** Publishes a draft or withdrawn article, keeping its first publication time. */
    async publishArticle(articleId: string): Promise<ArticleRef> {
      const now = clock.now().toISOString();
      const row = await db.selectFrom('articles').select(['status', 'published_at']).where('article_id', '=', articleId).executeTakeFirst();
      if (!row) throw notFound('ARTICLE_NOT_FOUND', 'No such article.');
      if (row.status === 'published') throw conflict('ALREADY_PUBLISHED', 'This article is already published.');
      await db
        .updateTable('articles')
        .set({ status: 'published', published_at: row.published_at ?? now, updated_at: now })
        .where('article_id', '=', articleId)
        .execute();
      await events.emit({ type: 'article.published', articleId });
      return refOf(articleId);
    },

    /** Withdraws a published article: its page answers 410 Gone. */
    async unpublishArticle(articleId: string): Promise<ArticleRef> {
      const result = await db
        .updateTable('articles')
        .set({ status: 'unpublished', updated_at: clock.now().toISOString() })
        .where('article_id', '=', articleId)
        .where('status', '=', 'published')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw conflict('NOT_PUBLISHED', 'Only a published article can be unpublished.');
      await events.emit({ type: 'article.unpublished', articleId });
      return refOf(articleId);
    },

    /** Gives an article a new slug; its old address answers 301 to the new one. */
    async changeSlug(articleId: string, requested: string): Promise<ArticleRef> {
      const slug = wordsSlug(requested);
      if (!slug) throw invalid('INVALID_SLUG', 'A slug needs letters or digits.', { slug: 'needs letters or digits' });
      const before = await refOf(articleId);
      if (before.slug === slug) return before;
      const taken = await db.selectFrom('articles').select('article_id').where('slug', '=', slug).executeTakeFirst();
      if (taken) throw conflict('SLUG_TAKEN', `The slug "${slug}" is already used by another article.`);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('articles')
          .set({ slug, updated_at: clock.now().toISOString() })
          .where('article_id', '=', articleId)
          .execute();
        const after = await refOf(articleId, trx);
        // Earlier redirects point at the old path; repoint them so no chain forms.
        await trx.updateTable('redirects').set({ to_path: after.path }).where('to_path', '=', before.path).execute();
        await trx.deleteFrom('redirects').where('from_path', '=', after.path).execute();
        await trx
          .insertInto('redirects')
          .values({ from_path: before.path, to_path: after.path, created_at: clock.now().toISOString() })
          .onConflict((oc) => oc.column('from_path').doUpdateSet({ to_path: after.path }))
          .execute();
      });
      await events.emit({ type: 'article.updated', articleId });
      return refOf(articleId);
    },

    /** An article as the input that would recreate it: what an editing form starts from. */
    async getForEdit(articleId: string): Promise<ParsedArticleInput> {
      const row = await db
        .selectFrom('articles')
        .innerJoin('sections', 'sections.section_id', 'articles.section_id')
        .leftJoin('series', 'series.series_id', 'articles.series_id')
        .innerJoin('article_bodies', 'article_bodies.article_id', 'articles.article_id')
        .selectAll('articles')
        .select(['sections.name as section_name', 'series.name as series_name', 'article_bodies.body_md'])
        .where('articles.article_id', '=', articleId)
        .executeTakeFirst();
      if (!row) throw notFound('ARTICLE_NOT_FOUND', 'No such article.');
      const [authorRows, topicRows, quoteRows, relatedRows] = await Promise.all([
        db
          .selectFrom('article_authors')
          .innerJoin('authors', 'authors.author_id', 'article_authors.author_id')
          .select('authors.name')
          .where('article_id', '=', articleId)
          .orderBy('position')
          .execute(),
        db
          .selectFrom('article_topics')
          .innerJoin('topics', 'topics.topic_id', 'article_topics.topic_id')
          .select('topics.name')
          .where('article_id', '=', articleId)
          .orderBy('position')
          .execute(),
        db.selectFrom('pull_quotes').select(['text', 'speaker']).where('article_id', '=', articleId).orderBy('position').execute(),
        db.selectFrom('related_headlines').select('headline').where('article_id', '=', articleId).orderBy('position').execute(),
      ]);
      return {
        section: row.section_name,
        kicker: row.kicker,
        headline: row.headline,
        standfirst: row.standfirst,
        bodyMarkdown: row.body_md,
        byline: row.byline,
        authors: authorRows.map((a) => a.name),
        topics: topicRows.map((t) => t.name),
        series: row.series_name,
        hero: row.hero_image_url
          ? {
              url: row.hero_image_url,
              alt: row.hero_image_alt ?? '',
              caption: row.hero_image_caption ?? '',
              credit: row.hero_image_credit ?? '',
            }
          : null,
        pullQuotes: quoteRows,
        relatedHeadlines: relatedRows.map((r) => r.headline),
        status: row.status === 'published' ? 'published' : 'draft',
        publishedAt: row.published_at,
        importKey: row.import_key,
        importSource: row.import_source,
      };
    },

    /**
     * An article imported earlier from a file of this name with this section and headline:
     * an earlier version of the same page. A shared headline alone ("Week in brief") is not enough.
     */
    async findImportedVersion(source: string, sectionName: string, headline: string): Promise<ArticleRef | null> {
      const rows = await db
        .selectFrom('articles')
        .innerJoin('sections', 'sections.section_id', 'articles.section_id')
        .select(['articles.article_id', 'sections.name'])
        .where('articles.headline_key', '=', nameKey(headline))
        .where('articles.import_source', '=', source)
        .execute();
      const match = rows.find((r) => nameKey(r.name) === nameKey(sectionName));
      return match ? refOf(match.article_id) : null;
    },

    /** The article imported from a source with this fingerprint, if any. */
    async findByImportKey(importKey: string): Promise<ArticleRef | null> {
      const row = await db.selectFrom('articles').select('article_id').where('import_key', '=', importKey).executeTakeFirst();
      return row ? refOf(row.article_id) : null;
    },
  };
}

export type ArticleService = ReturnType<typeof createArticleService>;
