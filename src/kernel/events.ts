/** Domain events: what changed, for cache purge, search, webhooks. Recorded in the outbox with the change. */
export type DomainEvent =
  | { type: 'article.published'; articleId: string }
  | { type: 'article.updated'; articleId: string }
  | { type: 'article.unpublished'; articleId: string }
  /** A draft was created or saved: nothing public changed (search's newsroom scope follows it). */
  | { type: 'article.saved'; articleId: string }
  | { type: 'section.created'; sectionId: string }
  | { type: 'section.updated'; sectionId: string }
  /** A topic made on its own (an editor accepting a suggestion); one an article names anew comes with the article's event. */
  | { type: 'topic.created'; topicId: string }
  | { type: 'topic.updated'; topicId: string }
  | { type: 'topic.merged'; topicId: string; intoTopicId: string }
  | { type: 'series.updated'; seriesId: string }
  | { type: 'author.updated'; authorId: string }
  | { type: 'media.updated'; mediaId: string }
  | { type: 'site.updated' }
  /** Stories' "More stories" lists were worked out again (after a neighbour's publication). */
  | { type: 'related.updated'; articleIds: string[] }
  /** Another process wrote to the database; what it changed is not known here. */
  | { type: 'database.changed_elsewhere' };

export type EventListener = (event: DomainEvent) => void | Promise<void>;

/** An in-process event bus: listeners run one after another; one failing never stops the others. */
export interface EventBus {
  emit(event: DomainEvent): Promise<void>;
  on(listener: EventListener): () => void;
}

/**
 * `onFailure` is required: a listener that throws is reported there (the app logs it with
 * the event's name), never swallowed.
 */
export function createEventBus(onFailure: (err: unknown, event: DomainEvent) => void): EventBus {
  const listeners = new Set<EventListener>();
  return {
    async emit(event) {
      for (const listener of listeners) {
        try {
          await listener(event);
        } catch (err) {
          onFailure(err, event);
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
