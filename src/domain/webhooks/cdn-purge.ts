import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import type { DomainEvent } from '../../kernel/events.js';
import { postChecked, type OutboundPolicy } from '../../kernel/outbound.js';
import type { JobQueue } from '../../jobs/index.js';
import type { Outbox } from '../outbox/index.js';
import { articleRelations } from './webhook.repository.js';

/** The job that tells the CDN what to drop (retried with the runner's backoff). */
export const CDN_PURGE_JOB = 'cdn.purge';

/**
 * The surrogate keys (`web/surrogate-keys.ts`) a change makes stale. An article's change
 * touches its own pages and every listing it is on; a rename of a section, topic, series or
 * author, a picture's new words, or the site's settings show in navigation and on article
 * pages, so they drop `site` (everything).
 */
export async function staleKeys(db: Executor, event: DomainEvent): Promise<string[]> {
  switch (event.type) {
    case 'article.published':
    case 'article.updated':
    case 'article.unpublished': {
      const r = await articleRelations(db, event.articleId);
      // A draft's edits are on no public page.
      if (!r || (event.type === 'article.updated' && r.status !== 'published')) return [];
      return [
        `article:${event.articleId}`,
        'home',
        `section:${r.sectionId}`,
        ...(r.seriesId ? [`series:${r.seriesId}`] : []),
        ...r.topicIds.map((id) => `topic:${id}`),
        ...r.authorIds.map((id) => `author:${id}`),
        ...(r.hasCorrections ? ['corrections'] : []),
      ];
    }
    case 'related.updated':
      return event.articleIds.map((id) => `related:${id}`);
    case 'section.created':
    case 'section.updated':
    case 'topic.updated':
    case 'topic.merged':
    case 'series.updated':
    case 'author.updated':
    case 'media.updated':
    case 'site.updated':
      return ['site'];
    default:
      return [];
  }
}

/**
 * The CDN purge hook (CDN_PURGE_URL): after each change, one POST of
 * `{ "keys": [...] }` (and the same keys in `Surrogate-Key`) naming exactly what went stale,
 * queued as a job so a CDN that is down is told later. The address passes the same check as
 * webhooks, on every send.
 */
export function createCdnPurge(deps: {
  db: Executor;
  jobs: JobQueue;
  outbox: Outbox;
  clock: Clock;
  url: string | null;
  outbound?: OutboundPolicy;
}) {
  return {
    async onEvent(event: DomainEvent): Promise<string[]> {
      if (!deps.url) return [];
      const keys = await staleKeys(deps.db, event);
      if (keys.length === 0) return [];
      const now = deps.clock.now().toISOString();
      await deps.outbox.transaction((tx) =>
        deps.jobs.enqueue(tx.db, { kind: CDN_PURGE_JOB, payload: { keys }, runAt: now, maxAttempts: 8 }, now),
      );
      return keys;
    },

    /** One attempt (the job's work): a 2xx answer is done; anything else throws, to be tried again. */
    async purge(keys: string[]): Promise<void> {
      if (!deps.url) return;
      const answer = await postChecked(
        deps.url,
        JSON.stringify({ keys }),
        { 'surrogate-key': keys.join(' '), 'user-agent': 'Despatch-Purge/1' },
        {
          ...deps.outbound,
          timeoutMs: 10_000,
        },
      );
      if (answer.status < 200 || answer.status >= 300)
        throw new Error(`the CDN purge hook answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    },
  };
}
