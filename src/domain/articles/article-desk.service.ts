import { z } from 'zod';
import type { SearchService } from '../search/index.js';
import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { nameKey } from '../../kernel/slugs.js';
import { parseInput } from '../../kernel/validation.js';
import { assertCan, can, type StaffActor } from '../access/index.js';
import { articlePath } from '../shared/index.js';
import { holdLock, listDeskArticles, releaseLock, type DeskState } from './article.repository.js';

export type { DeskState } from './article.repository.js';

/** How long an editor's soft lock lasts without being renewed (the editor's script renews it every minute). */
export const LOCK_MS = 3 * 60_000;
const PER_PAGE = 25;
export const DESK_STATES: readonly DeskState[] = ['writing', 'in_review', 'scheduled', 'published', 'unpublished'];

/** The list's filters as a request gives them; unknown values are refused rather than ignored. */
export const deskQuerySchema = z.object({
  state: z.enum(DESK_STATES as [DeskState, ...DeskState[]]).optional(),
  section: z.string().max(100).optional(),
  author: z.string().max(100).optional(),
  topic: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  mine: z.boolean().optional(),
  sort: z.enum(['updated', 'published', 'headline']).default('updated'),
  page: z.number().int().min(1).max(100_000).default(1),
});
export type DeskQuery = z.input<typeof deskQuerySchema>;

/** A row of the newsroom's article list. */
export interface DeskItem {
  id: string;
  headline: string;
  section: string;
  path: string;
  state: DeskState;
  updatedAt: string;
  publishedAt: string | null;
  scheduledFor: string | null;
  createdBy: string | null;
  /** Who has it open in the editor now, if anyone but the reader of the list. */
  editingBy: string | null;
}

/**
 * The newsroom's desk: the article list with its filters, and the soft locks that say who is
 * editing what. Sections, authors and topics are filtered by id (the list's selects).
 */
export function createArticleDesk(deps: {
  db: Executor;
  clock: Clock;
  /** Full-text search over every article, drafts included: what the list's search box asks. */
  search: Pick<SearchService, 'newsroomMatches'>;
}) {
  const { db, clock } = deps;
  return {
    /** One page of articles for `actor`: contributors see their own, editors everything. */
    async list(
      actor: StaffActor,
      raw: DeskQuery,
    ): Promise<{ items: DeskItem[]; page: number; hasMore: boolean; query: z.output<typeof deskQuerySchema> }> {
      assertCan(actor, 'article.create');
      const query = parseInput(deskQuerySchema, raw);
      const now = clock.now().toISOString();
      const ownOnly = !can(actor, 'article.review') || query.mine === true;
      // The search box searches headlines, standfirsts, bodies and topics; a query of
      // nothing searchable (only punctuation) falls back to matching the headline's words.
      const matches = query.q ? await deps.search.newsroomMatches(actor, query.q) : null;
      const rows = await listDeskArticles(db, {
        state: query.state,
        sectionId: query.section,
        authorId: query.author,
        topicId: query.topic,
        ids: matches ?? undefined,
        headline: query.q && !matches ? nameKey(query.q) : undefined,
        createdBy: ownOnly ? actor.id : undefined,
        sort: query.sort,
        limit: PER_PAGE + 1,
        offset: (query.page - 1) * PER_PAGE,
        now,
      });
      return {
        items: rows.slice(0, PER_PAGE).map((r) => ({
          id: r.article_id,
          headline: r.headline,
          section: r.section_name,
          path: articlePath(r.section_slug, r.slug),
          state: r.status === 'draft' ? r.stage : r.status,
          updatedAt: r.updated_at,
          publishedAt: r.published_at,
          scheduledFor: r.scheduled_for,
          createdBy: r.created_by_name,
          editingBy: r.lock_user_id && r.lock_user_id !== actor.id ? r.lock_user_name : null,
        })),
        page: query.page,
        hasMore: rows.length > PER_PAGE,
        query,
      };
    },

    /**
     * Says `actor` has the article open (taking the lock, or renewing their own); returns the
     * name of someone else who has it open, or null. Never refuses: saves are guarded by versions.
     */
    async holdLock(actor: StaffActor, articleId: string): Promise<string | null> {
      const now = clock.now();
      const holder = await holdLock(
        db,
        { article_id: articleId, user_id: actor.id, user_name: actor.name, expires_at: new Date(now.getTime() + LOCK_MS).toISOString() },
        now.toISOString(),
      );
      return holder.user_id === actor.id ? null : holder.user_name;
    },

    /** `actor` closed the editor: others may take the lock at once. */
    async releaseLock(actor: StaffActor, articleId: string): Promise<void> {
      await releaseLock(db, articleId, actor.id);
    },
  };
}

export type ArticleDesk = ReturnType<typeof createArticleDesk>;
