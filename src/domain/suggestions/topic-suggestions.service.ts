import { cachedValue } from '../../kernel/cached-value.js';
import type { Clock } from '../../kernel/clock.js';
import type { Logger } from '../../kernel/logger.js';
import type { TaxonomyService } from '../taxonomy/index.js';
import type { Nlp } from './name-finder.js';
import { articleText, suggestFor, type SuggestOptions, type TopicSuggestions } from './suggest.js';
import { compileTopicIndex } from './topic-matcher.js';

/**
 * Topic suggestions for the editor and the importer. The outlet's topics are compiled once into
 * a trie and kept until a domain event says something changed (`forgetCached`, as the taxonomy's
 * lists) or a minute passes (another process's writes); compromise is loaded on first use. A
 * suggestion takes a few milliseconds (`npx tsx bench/suggestions.ts`), so nothing of an
 * article's is cached.
 */
export function createTopicSuggestions(deps: { taxonomy: Pick<TaxonomyService, 'listTopicsWithAliases'>; clock: Clock; log: Logger }) {
  const { taxonomy, clock, log } = deps;
  const index = cachedValue(async () => compileTopicIndex(await taxonomy.listTopicsWithAliases()), clock);
  // Loaded on first use: the library takes a few tenths of a second to load, which only the newsroom and the importer need.
  let nlp: Promise<Nlp> | null = null;

  /** compromise, or null (logged) when it cannot be loaded. */
  async function library(): Promise<Nlp | null> {
    try {
      nlp ??= import('compromise/two').then((m) => m.default);
      return await nlp;
    } catch (err) {
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
      const [compiled, loaded] = await Promise.all([index.get(), opts.propose === false ? null : library()]);
      if (!loaded) return suggestFor(compiled, article, null);
      try {
        return suggestFor(compiled, article, loaded);
      } catch (err) {
        // A suggestion is a help, never a reason for the editor or an import to fail.
        log.warn({ err }, 'topic proposals failed; showing the outlet’s own topics only');
        return suggestFor(compiled, article, null);
      }
    },

    /** Drops the compiled topics; called on every domain event (a topic made, renamed or merged, an article's new topic). */
    forgetCached(): void {
      index.clear();
    },
  };
}

export type TopicSuggestionService = ReturnType<typeof createTopicSuggestions>;
