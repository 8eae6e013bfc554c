import { cachedValue } from '../../kernel/cached-value.js';
import type { Clock } from '../../kernel/clock.js';
import type { Logger } from '../../kernel/logger.js';
import type { TaxonomyService } from '../taxonomy/index.js';
import { articleText, suggestFrom, type SuggestOptions, type TopicSuggestions } from './suggest.js';
import { compileTopicIndex } from './topic-matcher.js';
import { findEntities, type EntityMention, type Nlp } from './topic-proposals.js';

/** How many texts' findings compromise's cache keeps (an editor reopening an unchanged article skips it). */
const ENTITY_CACHE_SIZE = 64;

/**
 * Topic suggestions for the editor and the importer. The outlet's topics are compiled once into
 * a trie and kept until a domain event says something changed (`forgetCached`, as the taxonomy's
 * lists) or a minute passes (another process's writes); compromise is loaded on first use.
 */
export function createTopicSuggestions(deps: { taxonomy: Pick<TaxonomyService, 'listTopicsWithAliases'>; clock: Clock; log: Logger }) {
  const { taxonomy, clock, log } = deps;
  const index = cachedValue(async () => compileTopicIndex(await taxonomy.listTopicsWithAliases()), clock);
  // Loaded on first use: the library takes most of a second to load, which only the newsroom and the importer need.
  let nlp: Promise<Nlp> | null = null;
  const found = new Map<string, EntityMention[]>();

  /** Compromise's findings for a text, from the cache when the text is unchanged; null if the library failed. */
  async function entitiesOf(text: string, offset: number): Promise<EntityMention[] | null> {
    const key = `${offset}:${text}`;
    const cached = found.get(key);
    if (cached) return cached;
    try {
      nlp ??= import('compromise').then((m) => m.default as unknown as Nlp);
      const entities = findEntities(await nlp, text, offset);
      if (found.size >= ENTITY_CACHE_SIZE) found.delete(found.keys().next().value!);
      found.set(key, entities);
      return entities;
    } catch (err) {
      // A suggestion is a help, never a reason for the editor or an import to fail.
      nlp = null;
      log.warn({ err }, 'topic proposals failed; showing the outlet’s own topics only');
      return null;
    }
  }

  return {
    /**
     * Topics for an article's `body` (Markdown) with its headline and standfirst: the outlet's
     * own topics it names (`existing`, most mentioned first) and, unless `propose` is false, new
     * people, places and organisations for an editor to create (`proposed`).
     */
    async suggestTopics(body: string, opts: SuggestOptions & { propose?: boolean } = {}): Promise<TopicSuggestions> {
      const article = articleText(body, opts);
      const [compiled, entities] = await Promise.all([
        index.get(),
        opts.propose === false ? null : entitiesOf(article.text.slice(...article.ner), article.ner[0]),
      ]);
      return suggestFrom(compiled, article, entities);
    },

    /** Drops the compiled topics; called on every domain event (a topic made, renamed or merged, an article's new topic). */
    forgetCached(): void {
      index.clear();
    },
  };
}

export type TopicSuggestionService = ReturnType<typeof createTopicSuggestions>;
