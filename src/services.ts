import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import type { Clock } from './kernel/clock.js';
import { createEventBus, type EventBus } from './kernel/events.js';
import { createArticleRepository, createArticleService } from './domain/articles/index.js';
import { createImporterService } from './domain/importer/index.js';
import { createSubscriberService } from './domain/newsletter/index.js';
import { createAuthorService } from './domain/people/index.js';
import { createSiteService } from './domain/site/index.js';
import { createTaxonomyService } from './domain/taxonomy/index.js';

export interface ServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  siteUrl: string;
  events?: EventBus;
  /** Where unexpected failures inside batch work are reported. */
  logError?: (err: unknown, context: string) => void;
}

/** The composition root for domain services: each is built once and shared. */
export function createServices(deps: ServiceDeps) {
  const { db, clock } = deps;
  const events = deps.events ?? createEventBus();
  const taxonomy = createTaxonomyService({ db, clock });
  events.on(() => taxonomy.forgetCached());
  const authors = createAuthorService({ db, clock });
  const articles = createArticleService({ db, clock, events, taxonomy, authors });
  return {
    events,
    taxonomy,
    authors,
    articles,
    articleReads: createArticleRepository(db),
    site: createSiteService({ db, events }),
    subscribers: createSubscriberService({ db, clock }),
    importer: createImporterService({
      articles,
      siteUrl: deps.siteUrl,
      ...(deps.logError ? { onError: (err: unknown, file: string) => deps.logError!(err, `import of ${file}`) } : {}),
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
