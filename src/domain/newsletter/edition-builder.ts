import type { ArticleReader } from '../articles/index.js';
import type { TaxonomyService } from '../taxonomy/index.js';
import { toEditionStory, type Edition, type EditionStory } from './edition.js';
import type { NewsletterIssuesTable } from './issues.table.js';

/** Most stories one issue's window holds: more than any outlet publishes in a week of digests. */
const WINDOW_LIMIT = 400;
const PER_TOPIC = 20;

/**
 * Reads an issue's edition: the stories published in its window (at or after `since`, before
 * `until`), the lead, and the stories of every topic in `topicIds`.
 */
export async function buildEdition(
  deps: { reader: ArticleReader; taxonomy: TaxonomyService; siteUrl: string },
  issue: Pick<NewsletterIssuesTable, 'lead_article_id'>,
  window: { since: string; until: string },
  topicIds: string[],
): Promise<Edition> {
  const { items } = await deps.reader.filtered({ since: window.since, until: window.until }, null, WINDOW_LIMIT);
  const stories = new Map<string, EditionStory>(items.map((c) => [c.id, toEditionStory(deps.siteUrl, c)]));
  const byTopic = new Map<string, string[]>();
  const topicNames = new Map<string, string>();
  const topics = await deps.taxonomy.listTopics();
  for (const id of topicIds) {
    const topic = topics.find((t) => t.id === id);
    if (!topic) continue;
    topicNames.set(id, topic.name);
    const tagged = await deps.reader.filtered({ topicId: id, since: window.since, until: window.until }, null, PER_TOPIC);
    for (const c of tagged.items) if (!stories.has(c.id)) stories.set(c.id, toEditionStory(deps.siteUrl, c));
    byTopic.set(
      id,
      tagged.items.map((c) => c.id),
    );
  }
  const all = [...stories.values()].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  let lead: EditionStory | null = null;
  if (issue.lead_article_id) {
    lead = stories.get(issue.lead_article_id) ?? null;
    if (!lead) {
      const [card] = await deps.reader.cardsByIds([issue.lead_article_id]);
      lead = card ? toEditionStory(deps.siteUrl, card) : null;
    }
  }
  lead ??= all[0] ?? null;
  const sections = (await deps.taxonomy.listSections()).map((s) => ({ id: s.id, name: s.name }));
  return { lead, stories: all.filter((s) => s.id !== lead?.id), sections, byTopic, topicNames };
}
