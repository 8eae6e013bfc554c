import type { Executor } from '../../db/schema.js';
import { cachedValue } from '../../kernel/cached-value.js';
import type { Clock } from '../../kernel/clock.js';
import { invalid, notFound } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { nameKey, slugify } from '../../kernel/slugs.js';
import { assertCan, type Actor } from '../access/index.js';
import type { Outbox, Tx } from '../outbox/index.js';
import { insertOrSelectByNameKey } from '../shared/index.js';
import {
  findSectionBySlug,
  findSeriesBySlug,
  findTopicByAlias,
  findTopicBySlug,
  insertTopicAlias,
  listSections,
  listSeries,
  listTopics,
  nextSectionPosition,
} from './taxonomy.repository.js';
import type { TopicKind } from './taxonomy.table.js';

/** A desk such as Army or Tri-Service. */
export interface Section {
  id: string;
  slug: string;
  name: string;
  description: string;
}
/** A person, place, organisation or subject that articles are tagged with. */
export interface Topic {
  id: string;
  slug: string;
  name: string;
  kind: TopicKind;
  description: string;
}
/** A programme such as "Battlefield Brief"; its articles are episodes. */
export interface Series {
  id: string;
  slug: string;
  name: string;
  description: string;
}

/** Paths the reader site uses for its own pages, so no section may take them. */
const RESERVED_SECTION_SLUGS = new Set([
  'topics',
  'series',
  'authors',
  'newsletter',
  'search',
  'api',
  'assets',
  'feeds',
  'newsroom',
  'media',
  'corrections',
  'preview',
  'healthz',
  'readyz',
  'sitemap.xml',
  'robots.txt',
  'favicon.ico',
]);

/**
 * Sections, topics and series. `findOrCreate…(tx, …)` joins a caller's write (an article
 * naming a new section); `ensure…` is the same as a write of its own.
 */
export function createTaxonomyService(deps: { db: Executor; clock: Clock; outbox: Outbox }) {
  const { db, clock, outbox } = deps;
  // Every page's navigation lists the sections; they change rarely.
  const sections = cachedValue(async () => (await listSections(db)).map(toSection), clock);

  async function findOrCreateSection(tx: Tx, name: string, opts: { description?: string } = {}): Promise<Section> {
    const clean = cleanName(name, 'section');
    let base = slugify(clean);
    if (RESERVED_SECTION_SLUGS.has(base)) base = `${base}-desk`;
    const { row, created } = await insertOrSelectByNameKey(
      tx.db,
      'sections',
      {
        section_id: newId(),
        name: clean,
        name_key: nameKey(clean),
        description: opts.description ?? '',
        position: await nextSectionPosition(tx.db),
        created_at: clock.now().toISOString(),
      },
      base,
    );
    if (created) tx.emit({ type: 'section.created', sectionId: row.section_id });
    return toSection(row);
  }

  async function findOrCreateTopic(
    tx: Tx,
    name: string,
    opts: { kind?: TopicKind; aliases?: string[]; description?: string } = {},
  ): Promise<Topic> {
    const clean = cleanName(name, 'topic');
    const key = nameKey(clean);
    let topic = await findTopicByAlias(tx.db, key);
    if (!topic) {
      const { row } = await insertOrSelectByNameKey(
        tx.db,
        'topics',
        {
          topic_id: newId(),
          name: clean,
          name_key: key,
          kind: opts.kind ?? 'subject',
          description: opts.description ?? '',
          created_at: clock.now().toISOString(),
        },
        slugify(clean),
      );
      await insertTopicAlias(tx.db, { alias_key: key, topic_id: row.topic_id, alias: clean });
      // Whoever claimed the name first decides which topic it points at.
      topic = (await findTopicByAlias(tx.db, key)) ?? row;
    }
    for (const alias of opts.aliases ?? []) {
      const aliasClean = cleanName(alias, 'alias');
      await insertTopicAlias(tx.db, { alias_key: nameKey(aliasClean), topic_id: topic.topic_id, alias: aliasClean });
    }
    return toTopic(topic);
  }

  async function findOrCreateSeries(tx: Tx, name: string, opts: { description?: string } = {}): Promise<Series> {
    const clean = cleanName(name, 'series');
    const { row } = await insertOrSelectByNameKey(
      tx.db,
      'series',
      {
        series_id: newId(),
        name: clean,
        name_key: nameKey(clean),
        description: opts.description ?? '',
        created_at: clock.now().toISOString(),
      },
      slugify(clean),
    );
    return toSeries(row);
  }

  return {
    /** The section with this name (any case), created if new, inside the caller's write. */
    findOrCreateSection,
    /** The topic this name or alias points at, created (as `kind`) if new, inside the caller's write. */
    findOrCreateTopic,
    /** The series with this name (any case), created if new, inside the caller's write. */
    findOrCreateSeries,

    /** The section with this name (any case), created if new (editors and admins). */
    ensureSection(actor: Actor, name: string, opts: { description?: string } = {}) {
      assertCan(actor, 'taxonomy.manage');
      return outbox.transaction((tx) => findOrCreateSection(tx, name, opts));
    },
    /** The topic this name or alias points at, created if new (editors and admins). */
    ensureTopic(actor: Actor, name: string, opts: { kind?: TopicKind; aliases?: string[]; description?: string } = {}) {
      assertCan(actor, 'taxonomy.manage');
      return outbox.transaction((tx) => findOrCreateTopic(tx, name, opts));
    },
    /** The series with this name (any case), created if new (editors and admins). */
    ensureSeries(actor: Actor, name: string, opts: { description?: string } = {}) {
      assertCan(actor, 'taxonomy.manage');
      return outbox.transaction((tx) => findOrCreateSeries(tx, name, opts));
    },

    /** Every section in display order (cached). */
    listSections(): Promise<Section[]> {
      return sections.get();
    },

    /** Every topic by name, for the newsroom's pickers and filters. */
    async listTopics(): Promise<Topic[]> {
      return (await listTopics(db)).map(toTopic);
    },

    /** Every series by name. */
    async listSeries(): Promise<Series[]> {
      return (await listSeries(db)).map(toSeries);
    },

    /** Drops cached lists; called on every domain event. */
    forgetCached(): void {
      sections.clear();
    },

    async getSectionBySlug(slug: string): Promise<Section> {
      const row = await findSectionBySlug(db, slug);
      if (!row) throw notFound('SECTION_NOT_FOUND', 'No such section.');
      return toSection(row);
    },

    async getTopicBySlug(slug: string): Promise<Topic> {
      const row = await findTopicBySlug(db, slug);
      if (!row) throw notFound('TOPIC_NOT_FOUND', 'No such topic.');
      return toTopic(row);
    },

    async getSeriesBySlug(slug: string): Promise<Series> {
      const row = await findSeriesBySlug(db, slug);
      if (!row) throw notFound('SERIES_NOT_FOUND', 'No such series.');
      return toSeries(row);
    },
  };
}

export type TaxonomyService = ReturnType<typeof createTaxonomyService>;

/** A name with its spacing tidied; refuses an empty or overlong one. */
export function cleanName(name: string, what: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  const a = /^[aeiou]/.test(what) ? 'An' : 'A';
  if (!clean) throw invalid('NAME_REQUIRED', `${a} ${what} needs a name.`);
  if (clean.length > 200) throw invalid('NAME_TOO_LONG', `${a} ${what} name may be at most 200 characters.`);
  return clean;
}

const toSection = (r: { section_id: string; slug: string; name: string; description: string }): Section => ({
  id: r.section_id,
  slug: r.slug,
  name: r.name,
  description: r.description,
});
const toTopic = (r: { topic_id: string; slug: string; name: string; kind: TopicKind; description: string }): Topic => ({
  id: r.topic_id,
  slug: r.slug,
  name: r.name,
  kind: r.kind,
  description: r.description,
});
const toSeries = (r: { series_id: string; slug: string; name: string; description: string }): Series => ({
  id: r.series_id,
  slug: r.slug,
  name: r.name,
  description: r.description,
});
