import type { Executor } from '../../db/schema.js';

/** What ranking an article's related stories needs to know of it. */
export interface StoryFacts {
  id: string;
  status: string;
  sectionId: string;
  publishedAt: string | null;
  headline: string;
  standfirst: string;
  topicIds: string[];
}

async function topicsOf(ex: Executor, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await ex.selectFrom('article_topics').select(['article_id', 'topic_id']).where('article_id', 'in', ids).execute();
  for (const r of rows) out.get(r.article_id)?.push(r.topic_id);
  return out;
}

const FACT_COLUMNS = ['article_id', 'status', 'section_id', 'published_at', 'headline', 'standfirst'] as const;

type FactRow = {
  article_id: string;
  status: string;
  section_id: string;
  published_at: string | null;
  headline: string;
  standfirst: string;
};

async function withTopics(ex: Executor, rows: FactRow[]): Promise<StoryFacts[]> {
  const topics = await topicsOf(
    ex,
    rows.map((r) => r.article_id),
  );
  return rows.map((r) => ({
    id: r.article_id,
    status: r.status,
    sectionId: r.section_id,
    publishedAt: r.published_at,
    headline: r.headline,
    standfirst: r.standfirst,
    topicIds: topics.get(r.article_id) ?? [],
  }));
}

/** One article's facts, or null when it does not exist. */
export async function storyFacts(ex: Executor, articleId: string): Promise<StoryFacts | null> {
  const row = await ex.selectFrom('articles').select(FACT_COLUMNS).where('article_id', '=', articleId).executeTakeFirst();
  return row ? ((await withTopics(ex, [row]))[0] ?? null) : null;
}

/**
 * The candidates for an article's related stories: the newest published articles sharing a
 * topic with it, and the newest of its own section (for stories without topics), never itself.
 */
export async function candidateStories(
  ex: Executor,
  of: StoryFacts,
  perKind: { byTopic: number; bySection: number },
): Promise<StoryFacts[]> {
  const base = () => ex.selectFrom('articles').select(FACT_COLUMNS).where('status', '=', 'published').where('article_id', '!=', of.id);
  const [byTopic, bySection] = await Promise.all([
    of.topicIds.length === 0
      ? []
      : base()
          .where('article_id', 'in', ex.selectFrom('article_topics').select('article_id').where('topic_id', 'in', of.topicIds))
          .orderBy('published_at', 'desc')
          .limit(perKind.byTopic)
          .execute(),
    base().where('section_id', '=', of.sectionId).orderBy('published_at', 'desc').limit(perKind.bySection).execute(),
  ]);
  const seen = new Set<string>();
  return withTopics(
    ex,
    [...byTopic, ...bySection].filter((r) => !seen.has(r.article_id) && seen.add(r.article_id)),
  );
}

/** How many published articles carry each topic, and how many are published in all: the rarity of a topic. */
export async function topicFrequencies(ex: Executor, topicIds: string[]): Promise<{ df: Map<string, number>; total: number }> {
  const [rows, total] = await Promise.all([
    topicIds.length === 0
      ? []
      : ex
          .selectFrom('article_topics')
          .innerJoin('articles', 'articles.article_id', 'article_topics.article_id')
          .select(['article_topics.topic_id', (eb) => eb.fn.countAll().as('n')])
          .where('articles.status', '=', 'published')
          .where('article_topics.topic_id', 'in', topicIds)
          .groupBy('article_topics.topic_id')
          .execute(),
    ex
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'published')
      .executeTakeFirst(),
  ]);
  return { df: new Map(rows.map((r) => [r.topic_id, Number(r.n)])), total: Number(total?.n ?? 0) };
}

/** Replaces an article's list. */
export async function storeRelated(ex: Executor, articleId: string, related: Array<{ id: string; score: number }>): Promise<void> {
  await ex.deleteFrom('related_articles').where('article_id', '=', articleId).execute();
  if (related.length > 0)
    await ex
      .insertInto('related_articles')
      .values(related.map((r, position) => ({ article_id: articleId, position, related_id: r.id, score: r.score })))
      .execute();
}

/** An article's related stories in order (published ones only: the list may predate an unpublication). */
export async function relatedIds(ex: Executor, articleId: string, limit: number): Promise<string[]> {
  const rows = await ex
    .selectFrom('related_articles')
    .innerJoin('articles', 'articles.article_id', 'related_articles.related_id')
    .select('related_articles.related_id')
    .where('related_articles.article_id', '=', articleId)
    .where('articles.status', '=', 'published')
    .orderBy('related_articles.position')
    .limit(limit)
    .execute();
  return rows.map((r) => r.related_id);
}

/** Articles whose lists name this one. */
export async function listsNaming(ex: Executor, articleId: string): Promise<string[]> {
  const rows = await ex.selectFrom('related_articles').select('article_id').where('related_id', '=', articleId).execute();
  return [...new Set(rows.map((r) => r.article_id))];
}

/** The newest published articles, `limit` of them: those whose lists are worth having at once. */
export async function newestPublished(ex: Executor, limit: number): Promise<string[]> {
  const rows = await ex
    .selectFrom('articles')
    .select('article_id')
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.article_id);
}

/** Whether any article has a list yet. */
export async function anyRelated(ex: Executor): Promise<boolean> {
  return (await ex.selectFrom('related_articles').select('article_id').limit(1).executeTakeFirst()) !== undefined;
}
