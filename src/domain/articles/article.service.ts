import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { conflict, invalid, isAppError, notFound } from '../../kernel/errors.js';
import { formatDateTime } from '../../kernel/uk-time.js';
import type { JobQueue } from '../../jobs/index.js';
import type { MediaService } from '../media/index.js';
import { newId } from '../../kernel/ids.js';
import { nameKey, slugify, wordsSlug } from '../../kernel/slugs.js';
import { parseInput } from '../../kernel/validation.js';
import { actorLabel, assertCan, can, systemActor, type Actor } from '../access/index.js';
import type { AuditService } from '../audit/index.js';
import type { Outbox, Tx } from '../outbox/index.js';
import type { AuthorService } from '../people/index.js';
import { addRedirect, uniqueSlug } from '../shared/index.js';
import type { TaxonomyService, TopicKind } from '../taxonomy/index.js';
import { articlePath } from '../shared/index.js';
import {
  findArticleForEdit,
  findArticleIdByImportKey,
  findArticleIdBySlug,
  findArticlePictures,
  findArticleRef,
  findImportedFrom,
  findRevision,
  hasRevisions,
  insertNote,
  insertRevision,
  listCorrections,
  listRevisions,
  touchArticle,
  deleteArticle,
  insertArticle,
  publishDueArticle,
  replaceArticleRelations,
  setArticleSlug,
  setArticleStage,
  setArticleStatus,
  updateArticleContent,
  type ArticleContentColumns,
} from './article.repository.js';
import {
  articleInputSchema,
  articleNoteSchema,
  reviewNoteSchema,
  scheduleTimeSchema,
  type ArticleInput,
  type ParsedArticleInput,
} from './article.schemas.js';
import { compareSnapshots, snapshotOf, type FieldDiff, type RevisionSnapshot } from './article-revisions.js';
import { bodyPictures } from './markdown.js';
import type { ArticleNoteKind, ArticleStage, ArticleStatus } from './articles.table.js';

export interface ArticleServiceDeps {
  db: Executor;
  clock: Clock;
  outbox: Outbox;
  audit: AuditService;
  taxonomy: TaxonomyService;
  authors: AuthorService;
  /** Where scheduled publications wait for their time (job kind ARTICLE_PUBLISH_JOB). */
  jobs: JobQueue;
  /** The media library: a hero picture must be there, with alt text before publication. */
  media: Pick<MediaService, 'get'>;
}

/** Who publishes scheduled articles, in the audit log. */
const SCHEDULER = systemActor('scheduler');

/** The job that publishes a scheduled article; its payload is `{ articleId }`. */
export const ARTICLE_PUBLISH_JOB = 'article.publish';
/** One pending publication per article: scheduling again moves it. */
const publishJobKey = (articleId: string) => `publish:${articleId}`;

/** Refuses publication at `at` of an article embargoed until later. Every door comes through here. */
function assertEmbargoPassed(embargoUntil: string | null | undefined, at: string): void {
  if (embargoUntil && Date.parse(embargoUntil) > Date.parse(at))
    throw conflict(
      'EMBARGOED',
      `This article is under embargo until ${formatDateTime(embargoUntil)} and cannot be published before then. Schedule it for that time or later instead.`,
    );
}

/** What a write returns: enough to link to the article, and the version to base the next save on. */
export interface ArticleRef {
  id: string;
  slug: string;
  path: string;
  status: ArticleStatus;
  version: number;
}

/** An article as read for editing, as the input that would recreate it. */
function inputOf(found: NonNullable<Awaited<ReturnType<typeof findArticleForEdit>>>): ParsedArticleInput {
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
    heroMediaId: row.hero_media_id,
    heroCaption: row.hero_media_id ? row.hero_image_caption : null,
    pullQuotes: found.pullQuotes,
    teasers: found.teasers,
    status: row.status === 'published' ? 'published' : 'draft',
    publishedAt: row.published_at,
    importKey: row.import_key,
    importSource: row.import_source,
    embargoUntil: row.embargo_until,
    seoTitle: row.seo_title,
    seoDescription: row.seo_description,
    baseVersion: Number(row.version),
  };
}

/** Where an article stands, as the editor's workflow panel shows it. */
export interface EditorState {
  id: string;
  path: string;
  slug: string;
  status: ArticleStatus;
  stage: ArticleStage;
  version: number;
  publishedAt: string | null;
  scheduledFor: string | null;
  embargoUntil: string | null;
  reviewNote: string | null;
  createdBy: string | null;
}

/** A stored revision as the editor lists it. */
export interface RevisionSummary {
  version: number;
  at: string;
  by: string;
  note: string;
  headline: string;
}

/** Writes to articles: create, update, publish, unpublish, change slug. Every door calls these. */
export function createArticleService(deps: ArticleServiceDeps) {
  const { db, clock, outbox, audit, taxonomy, authors, jobs, media } = deps;

  /**
   * A library picture an article names; a missing one becomes `refusal` (the writer's to fix),
   * while a database failure stays what it is.
   */
  async function libraryPicture(id: string, refusal: () => Error) {
    try {
      return await media.get(id);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'MEDIA_NOT_FOUND') throw err;
      throw refusal();
    }
  }
  /** The library picture an input names as its hero, refused when it is not in the library. */
  async function heroPicture(id: string | null | undefined) {
    if (!id) return null;
    return libraryPicture(id, () =>
      invalid('VALIDATION_FAILED', 'That hero picture is not in the media library.', { heroMediaId: 'is not in the media library' }),
    );
  }
  /**
   * The library pictures a body shows, each checked to be there. A picture from anywhere else
   * is refused: the site never hot-links, and every picture it serves went through the library.
   */
  async function bodyPicturesOf(markdown: string) {
    const { library, elsewhere } = bodyPictures(markdown);
    if (elsewhere.length > 0)
      throw invalid('VALIDATION_FAILED', 'Pictures in the body must come from the media library.', {
        body: `may only show pictures from the media library, written ![description](media:ID); “${elsewhere[0]!.slice(0, 200)}” is not one`,
      });
    const found = [];
    for (const ref of library) {
      const item = await libraryPicture(ref.id, () =>
        invalid('VALIDATION_FAILED', 'A picture in the body is not in the media library.', {
          body: `shows media:${ref.id}, which is not in the media library`,
        }),
      );
      found.push({ ...ref, item });
    }
    return found;
  }

  /**
   * Every way to publish comes through here: every picture needs its alt text first, the
   * hero's in the library and a body picture's there or written in the body.
   */
  async function assertPicturesDescribed(pictures: { heroMediaId: string | null | undefined; body: string } | undefined): Promise<void> {
    if (!pictures) return;
    const hero = await heroPicture(pictures.heroMediaId);
    if (hero && !hero.alt.trim())
      throw invalid('HERO_ALT_REQUIRED', 'The hero picture has no alt text yet: describe it in the media library, then publish.', {
        heroMediaId: 'needs alt text before publication',
      });
    const undescribed = (await bodyPicturesOf(pictures.body)).filter((p) => !p.alt && !p.item.alt.trim());
    if (undescribed.length > 0)
      throw invalid(
        'PICTURE_ALT_REQUIRED',
        `${undescribed.length === 1 ? 'A picture' : `${undescribed.length} pictures`} in the body ${undescribed.length === 1 ? 'has' : 'have'} no alt text: describe ${undescribed.length === 1 ? 'it' : 'them'} in the body (![description](media:ID)) or in the media library, then publish.`,
        { body: `has pictures without alt text: ${undescribed.map((p) => p.item.fileName).join(', ')}` },
      );
  }
  /** The pictures of a stored article, for the publication check. */
  const storedPictures = async (articleId: string) => {
    const row = await findArticlePictures(db, articleId);
    return row ? { heroMediaId: row.hero_media_id, body: row.body_md } : undefined;
  };
  const logged = (tx: Tx, actor: Actor, action: string, articleId: string, summary: string) =>
    audit.record(tx, { actor, action, subject: { type: 'article', id: articleId }, summary });

  async function refOf(
    ex: Executor,
    articleId: string,
  ): Promise<
    ArticleRef & {
      publishedAt: string | null;
      createdBy: string | null;
      stage: ArticleStage;
      scheduledFor: string | null;
      embargoUntil: string | null;
    }
  > {
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
      scheduledFor: row.scheduled_for,
      embargoUntil: row.embargo_until,
    };
  }
  const ref = ({ id, slug, path, status, version }: ArticleRef): ArticleRef => ({ id, slug, path, status, version });
  /** Keeps the article's current state as the revision of its version (once per version). */
  async function storeRevision(tx: Tx, actor: Actor, articleId: string, note: string): Promise<void> {
    const found = await findArticleForEdit(tx.db, articleId);
    if (!found) return;
    await insertRevision(tx.db, {
      revision_id: newId(),
      article_id: articleId,
      version: Number(found.row.version),
      created_at: clock.now().toISOString(),
      actor_id: actor.kind === 'staff' ? actor.id : null,
      actor_label: actor.kind === 'staff' ? actor.name : actorLabel(actor),
      note,
      headline: found.row.headline,
      snapshot: JSON.stringify(snapshotOf(inputOf(found))),
    });
  }
  /** Revisions are for the people who may edit the article, and for editors. */
  async function assertMayRead(ex: Executor, actor: Actor, articleId: string) {
    const before = await refOf(ex, articleId);
    if (!can(actor, 'article.edit', { ownerId: before.createdBy, status: before.status })) assertCan(actor, 'article.review');
    return before;
  }
  async function revision(articleId: string, version: number): Promise<{ summary: RevisionSummary; snapshot: RevisionSnapshot }> {
    const row = await findRevision(db, articleId, version);
    if (!row) throw notFound('REVISION_NOT_FOUND', `This article has no revision ${version}.`);
    return {
      summary: { version: Number(row.version), at: row.created_at, by: row.actor_label, note: row.note, headline: row.headline },
      snapshot: JSON.parse(row.snapshot) as RevisionSnapshot,
    };
  }
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
      hero_image_caption: input.hero?.caption || (input.heroMediaId ? input.heroCaption : null) || null,
      hero_image_credit: input.hero?.credit || null,
      hero_media_id: input.heroMediaId || null,
      embargo_until: input.embargoUntil ? new Date(input.embargoUntil).toISOString() : null,
      seo_title: input.seoTitle || null,
      seo_description: input.seoDescription || null,
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
      media: [
        ...(input.heroMediaId ? [{ media_id: input.heroMediaId, role: 'hero' as const }] : []),
        // A picture shown twice in the body is one use.
        ...[...new Set(bodyPictures(input.bodyMarkdown).library.map((p) => p.id))]
          .filter((id) => id !== input.heroMediaId)
          .map((media_id) => ({ media_id, role: 'body' as const })),
      ],
    });
  }

  return {
    /**
     * Creates an article and everything it names (section, series, authors, topics) in one
     * transaction: on any error nothing is written. An import may ask for a slug (the old
     * site's, so addresses stay recognisable) and for old paths that should answer 301 with
     * the new one, written in the same transaction.
     */
    async createArticle(
      actor: Actor,
      raw: ArticleInput,
      opts: { slug?: string | null; redirectsFrom?: string[] } = {},
    ): Promise<ArticleRef> {
      assertCan(actor, 'article.create');
      const input = parseInput(articleInputSchema, raw);
      if (input.status === 'published') assertCan(actor, 'article.publish');
      const now = clock.now().toISOString();
      const publishedAt = input.status === 'published' ? new Date(input.publishedAt ?? now).toISOString() : null;
      if (input.status === 'published') assertEmbargoPassed(input.embargoUntil, now);
      const pictures = { heroMediaId: input.heroMediaId, body: input.bodyMarkdown };
      if (input.status === 'published') await assertPicturesDescribed(pictures);
      else await Promise.all([heroPicture(input.heroMediaId), bodyPicturesOf(input.bodyMarkdown)]);
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
              slug: await uniqueSlug(tx.db, 'articles', (opts.slug && wordsSlug(opts.slug)) || slugify(input.headline)),
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
              scheduled_for: null,
            },
            input.bodyMarkdown,
          );
          if (inserted) break;
          if (input.importKey && (await findArticleIdByImportKey(tx.db, input.importKey)))
            throw conflict('ALREADY_IMPORTED', 'This page was imported already, by another import running at the same time.');
          if (attempt >= 5) throw conflict('SLUG_TAKEN', 'Other writers kept taking the slug for this headline; please try again.');
        }
        await writeRelations(tx, articleId, input);
        if (opts.redirectsFrom?.length) {
          const path = (await refOf(tx.db, articleId)).path;
          // A path that is the new one, or the site's root, would loop or hide the front page.
          for (const from of new Set(opts.redirectsFrom))
            if (from !== path && from !== '/' && from.startsWith('/'))
              await addRedirect(tx.db, { from_path: from, to_path: path, created_at: now });
        }
        if (input.status === 'published') {
          tx.emit({ type: 'article.published', articleId });
          await storeRevision(tx, actor, articleId, 'Published');
        } else tx.emit({ type: 'article.saved', articleId });
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
    async updateArticle(actor: Actor, articleId: string, raw: ArticleInput, opts: { revisionNote?: string } = {}): Promise<ArticleRef> {
      const input = parseInput(articleInputSchema, raw);
      // A live article is saved live: its hero must be described now, as at publication.
      const live = (await findArticleRef(db, articleId))?.status === 'published';
      const pictures = { heroMediaId: input.heroMediaId, body: input.bodyMarkdown };
      if (live) await assertPicturesDescribed(pictures);
      else await Promise.all([heroPicture(input.heroMediaId), bodyPicturesOf(input.bodyMarkdown)]);
      // A save based on no version (an import of an edited page) means "mine is the latest":
      // when another save lands in between, it is simply made again on top of that one.
      for (let attempt = 1; ; attempt++) {
        try {
          return await saveContent();
        } catch (err) {
          if (input.baseVersion !== undefined || !isAppError(err) || err.code !== 'VERSION_CONFLICT' || attempt >= 5) throw err;
        }
      }
      function saveContent() {
        return outbox.transaction(async (tx) => {
          const before = await refOf(tx.db, articleId);
          assertCan(actor, 'article.edit', { ownerId: before.createdBy, status: before.status });
          // A draft in review or scheduled is the editors' until it comes back.
          if (before.stage !== 'writing') assertCan(actor, 'article.review');
          if (input.baseVersion !== undefined && input.baseVersion !== before.version) throw versionConflict();
          if (before.stage === 'scheduled' && before.scheduledFor) assertEmbargoPassed(input.embargoUntil, before.scheduledFor);
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
          tx.emit({ type: before.status === 'published' ? 'article.updated' : 'article.saved', articleId });
          // Drafts being written are saved freely (autosave too); once reviewed or published, every save is kept.
          if (before.status !== 'draft' || before.stage !== 'writing' || (await hasRevisions(tx.db, articleId)))
            await storeRevision(tx, actor, articleId, opts.revisionNote ?? 'Saved');
          await logged(tx, actor, 'article.updated', articleId, `Updated "${input.headline}"`);
          return ref(await refOf(tx.db, articleId));
        });
      }
    },

    /** Publishes a draft or withdrawn article, keeping its first publication time. */
    async publishArticle(actor: Actor, articleId: string): Promise<ArticleRef> {
      assertCan(actor, 'article.publish');
      await assertPicturesDescribed(await storedPictures(articleId));
      return outbox.transaction(async (tx) => {
        const before = await refOf(tx.db, articleId);
        if (before.status === 'published') throw conflict('ALREADY_PUBLISHED', 'This article is already published.');
        const now = clock.now().toISOString();
        assertEmbargoPassed(before.embargoUntil, now);
        await setArticleStatus(tx.db, articleId, {
          status: 'published',
          published_at: before.publishedAt ?? now,
          updated_at: now,
          stage: 'writing',
          scheduled_for: null,
        });
        // Published by hand before its time: the scheduled run has nothing left to do.
        if (before.stage === 'scheduled') await jobs.cancel(tx.db, publishJobKey(articleId));
        tx.emit({ type: 'article.published', articleId });
        await storeRevision(tx, actor, articleId, 'Published');
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

    /** Takes a withdrawn article back to a draft being written, to rework it and publish it again (editors). */
    async returnToDraft(actor: Actor, articleId: string): Promise<ArticleRef> {
      assertCan(actor, 'article.unpublish');
      return outbox.transaction(async (tx) => {
        const changed = await setArticleStatus(
          tx.db,
          articleId,
          { status: 'draft', stage: 'writing', updated_at: clock.now().toISOString() },
          'unpublished',
        );
        if (!changed) throw conflict('NOT_PUBLISHED', 'Only a withdrawn article can go back to being a draft.');
        tx.emit({ type: 'article.updated', articleId });
        const after = await refOf(tx.db, articleId);
        await logged(tx, actor, 'article.returned_to_draft', articleId, `Took ${after.path} back to a draft`);
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
        await storeRevision(tx, actor, articleId, 'Submitted for review');
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

    /**
     * Schedules a draft (in review, or straight from writing) to publish at `at`, not before
     * its embargo; scheduling again moves the time. The job runner publishes it then.
     */
    async scheduleArticle(actor: Actor, articleId: string, at: string): Promise<ArticleRef> {
      assertCan(actor, 'article.schedule');
      const when = new Date(parseInput(scheduleTimeSchema, at)).toISOString();
      const now = clock.now().toISOString();
      await assertPicturesDescribed(await storedPictures(articleId));
      if (when <= now)
        throw invalid('SCHEDULE_IN_PAST', 'That time has passed: choose a time in the future, or publish now.', { at: 'is in the past' });
      return outbox.transaction(async (tx) => {
        const before = await refOf(tx.db, articleId);
        assertEmbargoPassed(before.embargoUntil, when);
        if (
          !(await setArticleStage(tx.db, articleId, ['writing', 'in_review', 'scheduled'], {
            stage: 'scheduled',
            scheduled_for: when,
            updated_at: now,
          }))
        )
          throw conflict('NOT_SCHEDULABLE', 'Only a draft can be scheduled; this article has been published.');
        await jobs.enqueue(
          tx.db,
          { kind: ARTICLE_PUBLISH_JOB, payload: { articleId }, runAt: when, dedupeKey: publishJobKey(articleId) },
          now,
        );
        await logged(tx, actor, 'article.scheduled', articleId, `Scheduled ${before.path} for ${formatDateTime(when)}`);
        return ref(await refOf(tx.db, articleId));
      });
    },

    /** Takes a scheduled draft off the schedule; it waits in review again. */
    async unscheduleArticle(actor: Actor, articleId: string): Promise<ArticleRef> {
      assertCan(actor, 'article.schedule');
      return outbox.transaction(async (tx) => {
        const before = await refOf(tx.db, articleId);
        const now = clock.now().toISOString();
        if (!(await setArticleStage(tx.db, articleId, ['scheduled'], { stage: 'in_review', scheduled_for: null, updated_at: now })))
          throw conflict('NOT_SCHEDULED', 'This article is not scheduled.');
        await jobs.cancel(tx.db, publishJobKey(articleId));
        await logged(tx, actor, 'article.unscheduled', articleId, `Took ${before.path} off the schedule`);
        return ref(await refOf(tx.db, articleId));
      });
    },

    /**
     * The scheduled publication of one article, run by the job at its time. Publishes at most
     * once however often it runs; false when there was nothing to publish (unscheduled, moved
     * later, or published by hand meanwhile). Refuses, like every door, before the embargo.
     */
    async publishDue(articleId: string): Promise<boolean> {
      const now = clock.now().toISOString();
      await assertPicturesDescribed(await storedPictures(articleId));
      return outbox.transaction(async (tx) => {
        const before = await findArticleRef(tx.db, articleId);
        if (!before || before.status !== 'draft' || before.stage !== 'scheduled' || !before.scheduled_for) return false;
        if (before.scheduled_for > now) return false;
        assertEmbargoPassed(before.embargo_until, now);
        if (!(await publishDueArticle(tx.db, articleId, now))) return false;
        tx.emit({ type: 'article.published', articleId });
        await logged(
          tx,
          SCHEDULER,
          'article.published',
          articleId,
          `Published ${articlePath(before.section_slug, before.slug)} as scheduled`,
        );
        return true;
      });
    },

    /**
     * An article as the editor opens it: the form's input and where it stands in the workflow.
     * Those who may not edit it (someone else's draft, for a contributor) are refused.
     */
    async openForEdit(actor: Actor, articleId: string): Promise<{ input: ParsedArticleInput; state: EditorState }> {
      const before = await assertMayRead(db, actor, articleId);
      const found = await findArticleForEdit(db, articleId);
      if (!found) throw notFound('ARTICLE_NOT_FOUND', 'No such article.');
      return {
        input: inputOf(found),
        state: {
          id: articleId,
          path: before.path,
          status: before.status,
          stage: before.stage,
          version: before.version,
          publishedAt: before.publishedAt,
          scheduledFor: before.scheduledFor,
          embargoUntil: before.embargoUntil,
          reviewNote: found.row.review_note,
          createdBy: before.createdBy,
          slug: before.slug,
        },
      };
    },

    /** The article's stored revisions, newest first. */
    async listRevisions(actor: Actor, articleId: string): Promise<RevisionSummary[]> {
      await assertMayRead(db, actor, articleId);
      return (await listRevisions(db, articleId)).map((r) => ({
        version: Number(r.version),
        at: r.created_at,
        by: r.actor_label,
        note: r.note,
        headline: r.headline,
      }));
    },

    /** Two revisions compared word by word (headline, standfirst, body, topics), older first. */
    async compareRevisions(
      actor: Actor,
      articleId: string,
      a: number,
      b: number,
    ): Promise<{ from: RevisionSummary; to: RevisionSummary; fields: FieldDiff[] }> {
      await assertMayRead(db, actor, articleId);
      const [older, newer] = await Promise.all([revision(articleId, Math.min(a, b)), revision(articleId, Math.max(a, b))]);
      return { from: older.summary, to: newer.summary, fields: compareSnapshots(older.snapshot, newer.snapshot) };
    },

    /**
     * Brings back an earlier revision's content as a new version (stored as a revision of its
     * own), based on `baseVersion` like any save, so restoring never overwrites unseen work.
     */
    async restoreRevision(actor: Actor, articleId: string, version: number, baseVersion: number): Promise<ArticleRef> {
      const { snapshot } = await revision(articleId, version);
      const current = await this.getForEdit(articleId);
      return this.updateArticle(
        actor,
        articleId,
        { ...current, ...snapshot, baseVersion },
        { revisionNote: `Restored version ${version}` },
      );
    },

    /**
     * Appends a correction or an update note to a published article (editors): the page shows
     * it with "Updated", /corrections lists corrections, and the cached pages are purged.
     */
    async addNote(actor: Actor, articleId: string, raw: { kind: ArticleNoteKind; body: string }): Promise<ArticleRef> {
      assertCan(actor, 'article.correct');
      const note = parseInput(articleNoteSchema, raw);
      const now = clock.now().toISOString();
      return outbox.transaction(async (tx) => {
        const before = await refOf(tx.db, articleId);
        if (before.status !== 'published') throw conflict('NOT_PUBLISHED', 'Corrections and updates are for published articles.');
        await insertNote(tx.db, {
          note_id: newId(),
          article_id: articleId,
          kind: note.kind,
          body: note.body,
          created_at: now,
          actor_id: actor.kind === 'staff' ? actor.id : null,
          actor_label: actorLabel(actor),
        });
        await touchArticle(tx.db, articleId, now);
        tx.emit({ type: 'article.updated', articleId });
        await logged(
          tx,
          actor,
          note.kind === 'correction' ? 'article.corrected' : 'article.update_noted',
          articleId,
          `${note.kind === 'correction' ? 'Corrected' : 'Noted an update to'} ${before.path}: ${note.body}`,
        );
        return ref(before);
      });
    },

    /** Corrections to published articles, newest first (the /corrections page). */
    async listCorrections(req: { page: number; perPage: number }) {
      const rows = await listCorrections(db, req.perPage + 1, (req.page - 1) * req.perPage);
      return {
        items: rows.slice(0, req.perPage).map((r) => ({
          id: r.note_id,
          body: r.body,
          at: r.created_at,
          headline: r.headline,
          path: articlePath(r.section_slug, r.slug),
        })),
        page: req.page,
        hasMore: rows.length > req.perPage,
      };
    },

    /** Deletes a draft that was never published (editors); published work is withdrawn instead. */
    async deleteDraft(actor: Actor, articleId: string): Promise<void> {
      assertCan(actor, 'article.delete');
      await outbox.transaction(async (tx) => {
        const before = await refOf(tx.db, articleId);
        if (before.status !== 'draft' || before.publishedAt)
          throw conflict('NOT_A_DRAFT', 'Only a draft that was never published can be deleted; withdraw a published article instead.');
        if (before.stage === 'scheduled') await jobs.cancel(tx.db, publishJobKey(articleId));
        await deleteArticle(tx.db, articleId);
        await logged(tx, actor, 'article.deleted', articleId, `Deleted the draft ${before.path}`);
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
      return inputOf(found);
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
