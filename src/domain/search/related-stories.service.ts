import type { Executor } from '../../db/schema.js';
import type { DomainEvent } from '../../kernel/events.js';
import type { Logger } from '../../kernel/logger.js';
import type { Outbox } from '../outbox/index.js';
import type { TaggedMemo } from '../../kernel/tagged-memo.js';
import {
  anyRelated,
  candidateStories,
  listsNaming,
  newestPublished,
  relatedIds,
  storeRelated,
  storyFacts,
  topicFrequencies,
  type StoryFacts,
} from './related.repository.js';
import { contentWords } from './search-query.js';

/** How many related stories an article keeps. */
export const RELATED_PER_ARTICLE = 6;
/** How many neighbours (sharing a topic) have their lists worked out again when a story is published. */
const NEIGHBOURS_REFRESHED = 20;
/** Lists worked out at start-up for a database that has none yet: the newest stories, which are read most. */
const FIRST_BUILD = 500;
const DAY_MS = 86_400_000;

/**
 * How closely `other` relates to `story`: the topics they share, each weighted by its rarity
 * (a topic on every story says little; one on a handful says a lot), the words their
 * headlines and standfirsts share (Jaccard), and how close in time they were published.
 * Zero when they share neither a topic nor enough words: such a story is not related.
 */
export function relatedness(story: StoryFacts, other: StoryFacts, rarity: (topicId: string) => number): number {
  const topics = other.topicIds.filter((t) => story.topicIds.includes(t)).reduce((sum, t) => sum + rarity(t), 0);
  const a = contentWords(`${story.headline} ${story.standfirst}`);
  const b = contentWords(`${other.headline} ${other.standfirst}`);
  const shared = [...a].filter((w) => b.has(w)).length;
  const words = a.size + b.size === 0 ? 0 : shared / (a.size + b.size - shared);
  if (topics === 0 && words < 0.12) return 0;
  const days = Math.abs(Date.parse(story.publishedAt ?? '') - Date.parse(other.publishedAt ?? '')) / DAY_MS;
  const recency = Number.isFinite(days) ? Math.exp(-days / 30) : 0;
  return topics + 4 * words + 0.75 * recency;
}

/**
 * "More stories": each published article's related stories, ranked once when it is published
 * or updated (and again when a neighbour is), kept in `related_articles` and read by the page.
 */
export function createRelatedStories(deps: {
  db: Executor;
  log: Logger;
  outbox: Outbox;
  /** Keeps each list until `related.updated` (or its story's change) purges it. */
  memo?: TaggedMemo;
}) {
  const { db } = deps;

  /**
   * Says which lists changed, as an event of its own: the lists are worked out after the
   * change that moved them committed (and other instances heard of it), so pages showing
   * them are purged again now, here and on every instance.
   */
  async function announce(articleIds: Iterable<string>) {
    const ids = [...new Set(articleIds)];
    if (ids.length > 0) await deps.outbox.transaction(async (tx) => tx.emit({ type: 'related.updated', articleIds: ids }));
  }

  /** Works out and stores one article's list (emptied when it is not published); true when the list changed. */
  async function refresh(articleId: string): Promise<boolean> {
    const before = await relatedIds(db, articleId, RELATED_PER_ARTICLE);
    const story = await storyFacts(db, articleId);
    if (!story || story.status !== 'published') {
      if (story && before.length > 0) await storeRelated(db, articleId, []);
      return before.length > 0;
    }
    const [candidates, { df, total }] = await Promise.all([
      candidateStories(db, story, { byTopic: 300, bySection: 60 }),
      topicFrequencies(db, story.topicIds),
    ]);
    const rarity = (topicId: string) => Math.log(1 + total / Math.max(1, df.get(topicId) ?? 1));
    const ranked = candidates
      .map((c) => ({ id: c.id, score: relatedness(story, c, rarity), at: c.publishedAt ?? '' }))
      .filter((c) => c.score > 0)
      .sort((x, y) => y.score - x.score || y.at.localeCompare(x.at))
      .slice(0, RELATED_PER_ARTICLE);
    await db.transaction().execute((tx) => storeRelated(tx, articleId, ranked));
    return ranked.length !== before.length || ranked.some((r, i) => r.id !== before[i]);
  }

  return {
    refresh,

    /** The article's related stories, best first (published ones only). */
    forArticle(articleId: string, limit = RELATED_PER_ARTICLE): Promise<string[]> {
      if (!deps.memo) return relatedIds(db, articleId, limit);
      return deps.memo.get(`related:${articleId}:${limit}`, async () => ({
        value: await relatedIds(db, articleId, limit),
        tags: [`related:${articleId}`, `article:${articleId}`],
        bytes: 256 + 80 * limit,
      }));
    },

    /**
     * A publication or update reworks the story's own list and those of its newest
     * neighbours, where it may now belong; an unpublication reworks every list naming it.
     */
    async onEvent(event: DomainEvent): Promise<void> {
      if (event.type === 'article.unpublished') {
        const naming = await listsNaming(db, event.articleId);
        const changed = (await refresh(event.articleId)) ? [event.articleId] : [];
        for (const id of naming) if (await refresh(id)) changed.push(id);
        return announce(changed);
      }
      if (event.type !== 'article.published' && event.type !== 'article.updated') return;
      const changed = (await refresh(event.articleId)) ? [event.articleId] : [];
      const story = await storyFacts(db, event.articleId);
      if (!story || story.status !== 'published') return announce(changed);
      const neighbours = (await candidateStories(db, story, { byTopic: NEIGHBOURS_REFRESHED, bySection: 0 })).map((c) => c.id);
      const others = new Set([...neighbours, ...(await listsNaming(db, event.articleId))]);
      for (const id of others) if (await refresh(id)) changed.push(id);
      await announce(changed);
    },

    /**
     * A database from before related stories gets lists for its newest articles at start-up;
     * older ones get theirs when next published or updated (their pages show their section's
     * newest stories meanwhile).
     */
    async ensureBuilt(): Promise<number> {
      if (await anyRelated(db)) return 0;
      const ids = await newestPublished(db, FIRST_BUILD);
      for (const id of ids) await refresh(id);
      if (ids.length > 0) deps.log.info({ articles: ids.length }, 'related stories worked out');
      return ids.length;
    },
  };
}

export type RelatedStories = ReturnType<typeof createRelatedStories>;
