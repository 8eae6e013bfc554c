import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { conflict, invalid, notFound } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { nameKey, slugify, wordsSlug } from '../../kernel/slugs.js';
import { parseInput } from '../../kernel/validation.js';
import { assertCan, type Actor } from '../access/index.js';
import type { AuditService } from '../audit/index.js';
import type { Outbox, Tx } from '../outbox/index.js';
import type { AuthorService } from '../people/index.js';
import { uniqueSlug } from '../shared/index.js';
import type { TaxonomyService, TopicKind } from '../taxonomy/index.js';
import { articlePath } from './article-paths.js';
import {
  addRedirect,
  findArticleForEdit,
  findArticleIdByImportKey,
  findArticleIdBySlug,
  findArticleRef,
  findImportedFrom,
  insertArticle,
  replaceArticleRelations,
  setArticleSlug,
  setArticleStage,
  setArticleStatus,
  updateArticleContent,
  type ArticleContentColumns,
} from './article.repository.js';
import { articleInputSchema, reviewNoteSchema, type ArticleInput, type ParsedArticleInput } from './article.schemas.js';
import type { ArticleStage, ArticleStatus } from './articles.table.js';

export interface ArticleServiceDeps {
  db: Executor;
  clock: Clock;
  outbox: Outbox;
  audit: AuditService;
  taxonomy: TaxonomyService;
  authors: AuthorService;
}

/** What a write returns: enough to link to the article, and the version to base the next save on. */
export interface ArticleRef {
  id: string;
  slug: string;
  path: string;
  status: ArticleStatus;
  version: number;
}

/** Writes to articles: create, update, publish, unpublish, change slug. Every door calls these. */
export function createArticleService(deps: ArticleServiceDeps) {
  const { db, clock, outbox, audit, taxonomy, authors } = deps;
  const logged = (tx: Tx, actor: Actor, action: string, articleId: string, summary: string) =>
    audit.record(tx, { actor, action, subject: { type: 'article', id: articleId }, summary });

  async function refOf(
    ex: Executor,
    articleId: string,
  ): Promise<ArticleRef & { publishedAt: string | null; createdBy: string | null; stage: ArticleStage }> {
    const row = await findArticleRef(ex, articleId);
    if (!row) throw notFound('ARTICLE_NOT_FOUND', 'No such article.');
    return {
      id: row.article_id,
      slug: row.slug,
      status: row.status,
      path: articlePath(row.section_slug, row.slug),
      version: Number(row.version),
      publishedAt: row.published_at,
      createdBy: row.created_by,
      stage: row.stage,
    };
  }
  const ref = ({ id, slug, path, status, version }: ArticleRef): ArticleRef => ({ id, slug, path, status, version });
  const versionConflict = () =>
    conflict(
      'VERSION_CONFLICT',
      'Someone saved this article after you opened it. Your text is kept: compare it with theirs, then save again.',
    );

  /** The article columns an input decides, with its section and series found or created in the same write. */
  async function contentColumns(tx: Tx, input: ParsedArticleInput): Promise<ArticleContentColumns> {
    const section = await taxonomy.findOrCreateSection(tx, input.section);
    const series = input.series ? await taxonomy.findOrCreateSeries(tx, input.series) : null;
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

  /** Sets an article's authors, topics, pull quotes and teasers to the input's, creating authors and topics it names. */
  async function writeRelations(tx: Tx, articleId: string, input: ParsedArticleInput): Promise<void> {
    const authorIds = new Set<string>();
    for (const name of input.authors) authorIds.add((await authors.findOrCreateAuthor(tx, name)).id);
    const topicIds = new Set<string>();
    for (const topicRef of input.topics) {
      const topic =
        typeof topicRef === 'string'
          ? await taxonomy.findOrCreateTopic(tx, topicRef)
          : await taxonomy.findOrCreateTopic(tx, topicRef.name, topicRef.kind ? { kind: topicRef.kind as TopicKind } : {});
      topicIds.add(topic.id);
    }
    await replaceArticleRelations(tx.db, articleId, {
      authorIds: [...authorIds],
      topicIds: [...topicIds],
      pullQuotes: input.pullQuotes.map((q) => ({ pull_quote_id: newId(), text: q.text, speaker: q.speaker })),
      teasers: input.teasers.map((headline) => ({ headline, headline_key: nameKey(headline) })),
    });
  }

  return {
    /**
     * Creates an article and everything it names (section, series, authors, topics) in one
     * transaction: on any error nothing is written.
     */
    async createArticle(actor: Actor, raw: ArticleInput): Promise<ArticleRef> {
      assertCan(actor, 'article.create');
      const input = parseInput(articleInputSchema, raw);
      if (input.status === 'published') assertCan(actor, 'article.publish');
      const now = clock.now().toISOString();
      const publishedAt = input.status === 'published' ? new Date(input.publishedAt ?? now).toISOString() : null;
      const articleId = newId();
      return outbox.transaction(async (tx) => {
        const columns = await contentColumns(tx, input);
        // A slug or import key taken by a concurrent writer: the import key means the same
        // page was imported meanwhile; a slug only needs the next free one.
        for (let attempt = 1; ; attempt++) {
          const inserted = await insertArticle(
            tx.db,
            {
              article_id: articleId,
              slug: await uniqueSlug(tx.db, 'articles', slugify(input.headline)),
              ...columns,
              status: input.status,
              published_at: publishedAt,
              updated_at: publishedAt ?? now,
              created_at: now,
              import_key: input.importKey ?? null,
              import_source: input.importSource ?? null,
              created_by: actor.kind === 'staff' ? actor.id : null,
              version: 1,
              stage: 'writing',
              review_note: null,
            },
            input.bodyMarkdown,
          );
          if (inserted) break;
          if (input.importKey && (await findArticleIdByImportKey(tx.db, input.importKey)))
            throw conflict('ALREADY_IMPORTED', 'This page was imported already, by another import running at the same time.');
          if (attempt >= 5) throw conflict('SLUG_TAKEN', 'Other writers kept taking the slug for this headline; please try again.');
        }
        await writeRelations(tx, articleId, input);
        if (input.status === 'published') tx.emit({ type: 'article.published', articleId });
        await logged(
          tx,
          actor,
          'article.created',
          articleId,
          `${input.status === 'published' ? 'Published' : 'Drafted'} "${input.headline}"`,
        );
        return ref(await refOf(tx.db, articleId));
      });
    },

    /**
     * Replaces an article's content (everything but its slug, status and publication time)
     * in one transaction, and marks it updated.
     */
    async updateArticle(actor: Actor, articleId: string, raw: ArticleInput): Promise<ArticleRef> {
      const input = parseInput(articleInputSchema, raw);
      return outbox.transaction(async (tx) => {
        const before = await refOf(tx.db, articleId);
        assertCan(actor, 'article.edit', { ownerId: before.createdBy, status: before.status });
        // A draft in review or scheduled is the editors' until it comes back.
        if (before.stage !== 'writing') assertCan(actor, 'article.review');
        if (input.baseVersion !== undefined && input.baseVersion !== before.version) throw versionConflict();
        const saved = await updateArticleContent(
          tx.db,
          articleId,
          before.version,
          {
            ...(await contentColumns(tx, input)),
            updated_at: clock.now().toISOString(),
            ...(input.importKey ? { import_key: input.importKey } : {}),
            ...(input.importSource ? { import_source: input.importSource } : {}),
          },
          input.bodyMarkdown,
        );
        // Another save landed between reading the version and writing (PostgreSQL runs them side by side).
        if (!saved) throw versionConflict();
        await writeRelations(tx, articleId, input);
        if (before.status === 'published') tx.emit({ type: 'article.updated', articleId });
        await logged(tx, actor, 'article.updated', articleId, `Updated "${input.headline}"`);
        return ref(await refOf(tx.db, articleId));
      });
    },

    /** Publishes a draft or withdrawn article, keeping its first publication time. */
    async publishArticle(actor: Actor, articleId: string): Promise<ArticleRef> {
      assertCan(actor, 'article.publish');
      return outbox.transaction(async (tx) => {
        const before = await refOf(tx.db, articleId);
        if (before.status === 'published') throw conflict('ALREADY_PUBLISHED', 'This article is already published.');
        const now = clock.now().toISOString();
        await setArticleStatus(tx.db, articleId, {
          status: 'published',
          published_at: before.publishedAt ?? now,
          updated_at: now,
          stage: 'writing',
        });
        tx.emit({ type: 'article.published', articleId });
        await logged(tx, actor, 'article.published', articleId, `Published ${before.path}`);
        return ref(await refOf(tx.db, articleId));
      });
    },

    /** Withdraws a published article: its page answers 410 Gone. */
    async unpublishArticle(actor: Actor, articleId: string): Promise<ArticleRef> {
      assertCan(actor, 'article.unpublish');
      return outbox.transaction(async (tx) => {
        const changed = await setArticleStatus(
          tx.db,
          articleId,
          { status: 'unpublished', updated_at: clock.now().toISOString() },
          'published',
        );
        if (!changed) throw conflict('NOT_PUBLISHED', 'Only a published article can be unpublished.');
        tx.emit({ type: 'article.unpublished', articleId });
        const after = await refOf(tx.db, articleId);
        await logged(tx, actor, 'article.unpublished', articleId, `Withdrew ${after.path}`);
        return ref(after);
      });
    },

    /** Hands a draft to the editors (its writer, or an editor); it waits "in review". */
    async submitForReview(actor: Actor, articleId: string): Promise<ArticleRef> {
      return outbox.transaction(async (tx) => {
        const before = await refOf(tx.db, articleId);
        assertCan(actor, 'article.submit', { ownerId: before.createdBy, status: before.status });
        if (
          !(await setArticleStage(tx.db, articleId, ['writing'], {
            stage: 'in_review',
            review_note: null,
            updated_at: clock.now().toISOString(),
          }))
        )
          throw conflict('NOT_A_DRAFT_BEING_WRITTEN', 'Only a draft that is being written can be submitted for review.');
        await logged(tx, actor, 'article.submitted', articleId, `Submitted ${before.path} for review`);
        return ref(await refOf(tx.db, articleId));
      });
    },

    /** Takes one's own submission back to keep writing (before an editor acts on it). */
    async withdrawSubmission(actor: Actor, articleId: string): Promise<ArticleRef> {
      return outbox.transaction(async (tx) => {
        const before = await refOf(tx.db, articleId);
        assertCan(actor, 'article.submit', { ownerId: before.createdBy, status: before.status });
        if (!(await setArticleStage(tx.db, articleId, ['in_review'], { stage: 'writing', updated_at: clock.now().toISOString() })))
          throw conflict('NOT_IN_REVIEW', 'Only a draft in review can be taken back.');
        await logged(tx, actor, 'article.submission_withdrawn', articleId, `Took ${before.path} back from review`);
        return ref(await refOf(tx.db, articleId));
      });
    },

    /** Sends a draft in review back to its writer with a note (editors). */
    async sendBack(actor: Actor, articleId: string, note: string): Promise<ArticleRef> {
      assertCan(actor, 'article.review');
      const text = parseInput(reviewNoteSchema, note);
      return outbox.transaction(async (tx) => {
        const before = await refOf(tx.db, articleId);
        if (
          !(await setArticleStage(tx.db, articleId, ['in_review'], {
            stage: 'writing',
            review_note: text,
            updated_at: clock.now().toISOString(),
          }))
        )
          throw conflict('NOT_IN_REVIEW', 'Only a draft in review can be sent back.');
        await logged(tx, actor, 'article.sent_back', articleId, `Sent ${before.path} back: ${text}`);
        return ref(await refOf(tx.db, articleId));
      });
    },

    /** Gives an article a new slug; its old address answers 301 to the new one. */
    async changeSlug(actor: Actor, articleId: string, requested: string): Promise<ArticleRef> {
      const slug = wordsSlug(requested);
      if (!slug) throw invalid('INVALID_SLUG', 'A slug needs letters or digits.', { slug: 'needs letters or digits' });
      return outbox.transaction(async (tx) => {
        const before = await refOf(tx.db, articleId);
        assertCan(actor, 'article.edit', { ownerId: before.createdBy, status: before.status });
        if (before.slug === slug) return ref(before);
        const holder = await findArticleIdBySlug(tx.db, slug);
        if (holder) throw conflict('SLUG_TAKEN', `The slug "${slug}" is already used by another article.`);
        const now = clock.now().toISOString();
        await setArticleSlug(tx.db, articleId, slug, now);
        const after = await refOf(tx.db, articleId);
        await addRedirect(tx.db, { from_path: before.path, to_path: after.path, created_at: now });
        tx.emit({ type: 'article.updated', articleId });
        await logged(tx, actor, 'article.slug_changed', articleId, `Moved ${before.path} to ${after.path}`);
        return ref(after);
      });
    },

    /** An article as the input that would recreate it: what an editing form starts from. */
    async getForEdit(articleId: string): Promise<ParsedArticleInput> {
      const found = await findArticleForEdit(db, articleId);
      if (!found) throw notFound('ARTICLE_NOT_FOUND', 'No such article.');
      const { row } = found;
      return {
        section: row.section_name,
        kicker: row.kicker,
        headline: row.headline,
        standfirst: row.standfirst,
        bodyMarkdown: row.body_md,
        byline: row.byline,
        authors: found.authors,
        topics: found.topics,
        series: row.series_name,
        hero: row.hero_image_url
          ? {
              url: row.hero_image_url,
              alt: row.hero_image_alt ?? '',
              caption: row.hero_image_caption ?? '',
              credit: row.hero_image_credit ?? '',
            }
          : null,
        pullQuotes: found.pullQuotes,
        teasers: found.teasers,
        status: row.status === 'published' ? 'published' : 'draft',
        publishedAt: row.published_at,
        importKey: row.import_key,
        importSource: row.import_source,
        baseVersion: Number(row.version),
      };
    },

    /**
     * An article imported earlier from a file of this name with this section and headline:
     * an earlier version of the same page. A shared headline alone ("Week in brief") is not enough.
     */
    async findImportedVersion(source: string, sectionName: string, headline: string): Promise<ArticleRef | null> {
      const rows = await findImportedFrom(db, source, nameKey(headline));
      const match = rows.find((r) => nameKey(r.section_name) === nameKey(sectionName));
      return match ? ref(await refOf(db, match.article_id)) : null;
    },

    /** The article imported from a source with this fingerprint, if any. */
    async findByImportKey(importKey: string): Promise<ArticleRef | null> {
      const id = await findArticleIdByImportKey(db, importKey);
      return id ? ref(await refOf(db, id)) : null;
    },
  };
}

export type ArticleService = ReturnType<typeof createArticleService>;
