import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { cachedValue } from '../../kernel/cached-value.js';
import { notFound, invalid } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { nameKey, slugify } from '../../kernel/slugs.js';
import type { Database, TopicKind } from '../../db/schema.js';
import { uniqueSlug } from '../shared/index.js';

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

export const TOPIC_KINDS: readonly TopicKind[] = ['person', 'place', 'organisation', 'subject'];

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
  'sitemap.xml',
  'robots.txt',
  'favicon.ico',
]);

type Db = Kysely<Database>;

/** Sections, topics and series: find-or-create by name, look up by slug. */
export function createTaxonomyService(deps: { db: Db; clock: Clock }) {
  const { clock } = deps;
  // Every page's navigation lists the sections; they change rarely.
  const sections = cachedValue(async () => {
    const rows = await deps.db.selectFrom('sections').selectAll().orderBy('position').orderBy('name').execute();
    return rows.map(toSection);
  });

  return {
    /** The section with this name (any case), created if new. */
    async ensureSection(name: string, opts: { description?: string; db?: Db } = {}): Promise<Section> {
      const db = opts.db ?? deps.db;
      const clean = cleanName(name, 'section');
      const existing = await db.selectFrom('sections').selectAll().execute();
      const found = existing.find((s) => nameKey(s.name) === nameKey(clean));
      if (found) return toSection(found);
      let base = slugify(clean);
      if (RESERVED_SECTION_SLUGS.has(base)) base = `${base}-desk`;
      const slug = await uniqueSlug(db, 'sections', base);
      const row = {
        section_id: newId(),
        slug,
        name: clean,
        description: opts.description ?? '',
        position: existing.length,
        created_at: clock.now().toISOString(),
      };
      await db.insertInto('sections').values(row).execute();
      sections.clear();
      return toSection(row);
    },

    /** Every section in display order. */
    listSections(): Promise<Section[]> {
      return sections.get();
    },

    /** Drops cached lists; called on every domain event, since a section may be created inside a transaction. */
    forgetCached(): void {
      sections.clear();
    },

    async getSectionBySlug(slug: string): Promise<Section> {
      const row = await deps.db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();
      if (!row) throw notFound('SECTION_NOT_FOUND', 'No such section.');
      return toSection(row);
    },

    /** The topic this name or alias points at, created (as `kind`) if new. */
    async ensureTopic(name: string, opts: { kind?: TopicKind; aliases?: string[]; description?: string; db?: Db } = {}): Promise<Topic> {
      const db = opts.db ?? deps.db;
      const clean = cleanName(name, 'topic');
      const key = nameKey(clean);
      const hit = await db
        .selectFrom('topic_aliases')
        .innerJoin('topics', 'topics.topic_id', 'topic_aliases.topic_id')
        .selectAll('topics')
        .where('topic_aliases.alias_key', '=', key)
        .executeTakeFirst();
      let topic: Topic;
      if (hit) {
        topic = toTopic(hit);
      } else {
        const row = {
          topic_id: newId(),
          slug: await uniqueSlug(db, 'topics', slugify(clean)),
          name: clean,
          kind: opts.kind ?? 'subject',
          description: opts.description ?? '',
          created_at: clock.now().toISOString(),
        };
        await db.insertInto('topics').values(row).execute();
        await db.insertInto('topic_aliases').values({ alias_key: key, topic_id: row.topic_id, alias: clean }).execute();
        topic = toTopic(row);
      }
      for (const alias of opts.aliases ?? []) {
        const aliasClean = cleanName(alias, 'alias');
        await db
          .insertInto('topic_aliases')
          .values({ alias_key: nameKey(aliasClean), topic_id: topic.id, alias: aliasClean })
          .onConflict((oc) => oc.column('alias_key').doNothing())
          .execute();
      }
      return topic;
    },

    async getTopicBySlug(slug: string): Promise<Topic> {
      const row = await deps.db.selectFrom('topics').selectAll().where('slug', '=', slug).executeTakeFirst();
      if (!row) throw notFound('TOPIC_NOT_FOUND', 'No such topic.');
      return toTopic(row);
    },

    /** The series with this name (any case), created if new. */
    async ensureSeries(name: string, opts: { description?: string; db?: Db } = {}): Promise<Series> {
      const db = opts.db ?? deps.db;
      const clean = cleanName(name, 'series');
      const all = await db.selectFrom('series').selectAll().execute();
      const found = all.find((s) => nameKey(s.name) === nameKey(clean));
      if (found) return toSeries(found);
      const row = {
        series_id: newId(),
        slug: await uniqueSlug(db, 'series', slugify(clean)),
        name: clean,
        description: opts.description ?? '',
        created_at: clock.now().toISOString(),
      };
      await db.insertInto('series').values(row).execute();
      return toSeries(row);
    },

    async getSeriesBySlug(slug: string): Promise<Series> {
      const row = await deps.db.selectFrom('series').selectAll().where('slug', '=', slug).executeTakeFirst();
      if (!row) throw notFound('SERIES_NOT_FOUND', 'No such series.');
      return toSeries(row);
    },
  };
}

export type TaxonomyService = ReturnType<typeof createTaxonomyService>;

function cleanName(name: string, what: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (!clean) throw invalid('NAME_REQUIRED', `A ${what} needs a name.`);
  if (clean.length > 200) throw invalid('NAME_TOO_LONG', `A ${what} name may be at most 200 characters.`);
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
