/** Domain events: what changed in published content, for cache purge, search, webhooks. */
export type DomainEvent =
  | { type: 'article.published'; articleId: string }
  | { type: 'article.updated'; articleId: string }
  | { type: 'article.unpublished'; articleId: string }
  | { type: 'site.updated' };

export type EventListener = (event: DomainEvent) => void | Promise<void>;

/** An in-process event bus; listeners run after the write committed, failures are logged not thrown. */
export interface EventBus {
  emit(event: DomainEvent): Promise<void>;
  on(listener: EventListener): () => void;
}

export function createEventBus(onError: (err: unknown, event: DomainEvent) => void = () => {}): EventBus {
  const listeners = new Set<EventListener>();
  return {
    async emit(event) {
      for (const listener of listeners) {
        try {
          await listener(event);
        } catch (err) {
          onError(err, event);
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
