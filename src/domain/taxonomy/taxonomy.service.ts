import type { Executor } from '../../db/schema.js';
import { cachedValue } from '../../kernel/cached-value.js';
import type { Clock } from '../../kernel/clock.js';
import { conflict, invalid, notFound } from '../../kernel/errors.js';
import { parseInput } from '../../kernel/validation.js';
import { newId } from '../../kernel/ids.js';
import { nameKey, slugify, wordsSlug } from '../../kernel/slugs.js';
import { assertCan, type Actor } from '../access/index.js';
import type { Outbox, Tx } from '../outbox/index.js';
import type { AuditService } from '../audit/index.js';
import { addRedirect, insertOrSelectByNameKey, sectionPath, seriesPath, topicPath } from '../shared/index.js';
import {
  sectionEditSchema,
  seriesEditSchema,
  topicEditSchema,
  type SectionEdit,
  type SeriesEdit,
  type TopicEdit,
} from './taxonomy.schemas.js';
import {
  deleteTopicAliasesExcept,
  findHolder,
  listAllTopicAliases,
  findSectionById,
  findSeriesById,
  findTopicById,
  listTopicAliases,
  mergeTopicRows,
  prepareSlugLookups,
  updateSection,
  updateSeries,
  updateTopic,
  findTopicByAlias,
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
  /** A bare surname or acronym alone names it in a text ("Putin", "NATO"); otherwise its full name must appear too. */
  distinctive: boolean;
}
/** A topic with the other names it goes by, as topic suggestions match them. */
export interface TopicWithAliases extends Topic {
  /** Its aliases, its own name left out. */
  aliases: string[];
}
/** A programme such as "Battlefield Brief"; its articles are episodes. */
export interface Series {
  /** Where it is watched, e.g. [{ name: 'YouTube', url: 'https://…' }]. */
  channels: Array<{ name: string; url: string }>;
  id: string;
  slug: string;
  name: string;
  description: string;
}

/** Paths the reader site uses for its own pages, so no section may take them. */
const RESERVED_SECTION_SLUGS = new Set([
  // The outlet's own pages (site/site-pages.ts).
  'about',
  'contact',
  'privacy',
  'terms',
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
export function createTaxonomyService(deps: { db: Executor; clock: Clock; outbox: Outbox; audit: AuditService }) {
  const { db, clock, outbox, audit } = deps;

  /**
   * The slug and name key an edit asks for, refused when another row holds either; when the
   * slug changes, the old address is redirected (301) to the new one.
   */
  async function renamed(
    tx: Tx,
    table: 'sections' | 'topics' | 'series',
    id: string,
    current: { slug: string },
    edit: { name: string; slug: string },
    path: (slug: string) => string,
  ): Promise<{ name: string; name_key: string; slug: string }> {
    const what = table === 'sections' ? 'section' : table === 'topics' ? 'topic' : 'series';
    const slug = wordsSlug(edit.slug || edit.name);
    if (!slug) throw invalid('INVALID_SLUG', 'A slug needs letters or digits.', { slug: 'needs letters or digits' });
    if (table === 'sections' && RESERVED_SECTION_SLUGS.has(slug))
      throw invalid('INVALID_SLUG', `"${slug}" is an address the site uses for its own pages.`, { slug: 'is reserved' });
    const key = nameKey(edit.name);
    const nameHolder = await findHolder(tx.db, table, 'name_key', key);
    if (nameHolder && nameHolder !== id) throw conflict('NAME_TAKEN', `Another ${what} is already called "${edit.name}".`);
    if (slug !== current.slug) {
      const slugHolder = await findHolder(tx.db, table, 'slug', slug);
      if (slugHolder && slugHolder !== id) throw conflict('SLUG_TAKEN', `The address "${slug}" is already used by another ${what}.`);
      await addRedirect(tx.db, { from_path: path(current.slug), to_path: path(slug), created_at: clock.now().toISOString() });
    }
    return { name: edit.name, name_key: key, slug };
  }
  const logged = (tx: Tx, actor: Actor, action: string, subject: { type: string; id: string }, summary: string) =>
    audit.record(tx, { actor, action, subject, summary });
  // Every page's navigation lists the sections; they change rarely.
  const sections = cachedValue(async () => (await listSections(db)).map(toSection), clock);
  const bySlug = prepareSlugLookups(db);

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
    opts: { kind?: TopicKind; aliases?: string[]; description?: string; distinctive?: boolean } = {},
  ): Promise<Topic> {
    return (await findOrCreateTopicRow(tx, name, opts)).topic;
  }

  async function findOrCreateTopicRow(
    tx: Tx,
    name: string,
    opts: { kind?: TopicKind; aliases?: string[]; description?: string; distinctive?: boolean },
  ): Promise<{ topic: Topic; created: boolean }> {
    const clean = cleanName(name, 'topic');
    const key = nameKey(clean);
    let topic = await findTopicByAlias(tx.db, key);
    let created = false;
    if (!topic) {
      const inserted = await insertOrSelectByNameKey(
        tx.db,
        'topics',
        {
          topic_id: newId(),
          name: clean,
          name_key: key,
          kind: opts.kind ?? 'subject',
          description: opts.description ?? '',
          created_at: clock.now().toISOString(),
          distinctive: opts.distinctive ? 1 : 0,
        },
        slugify(clean),
      );
      const { row } = inserted;
      await insertTopicAlias(tx.db, { alias_key: key, topic_id: row.topic_id, alias: clean });
      // Whoever claimed the name first decides which topic it points at.
      topic = (await findTopicByAlias(tx.db, key)) ?? row;
      created = inserted.created && topic.topic_id === row.topic_id;
    }
    for (const alias of opts.aliases ?? []) {
      const aliasClean = cleanName(alias, 'alias');
      await insertTopicAlias(tx.db, { alias_key: nameKey(aliasClean), topic_id: topic.topic_id, alias: aliasClean });
    }
    return { topic: toTopic(topic), created };
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
        channels: '[]',
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
    /** The topic this name or alias points at, created if new (editors and admins); its aliases are added either way. */
    ensureTopic(
      actor: Actor,
      name: string,
      opts: { kind?: TopicKind; aliases?: string[]; description?: string; distinctive?: boolean } = {},
    ) {
      assertCan(actor, 'taxonomy.manage');
      return outbox.transaction(async (tx) => {
        const { topic, created } = await findOrCreateTopicRow(tx, name, opts);
        // Topic suggestions recompile their list on any event; a topic an article names anew comes with the article's.
        if (created) tx.emit({ type: 'topic.created', topicId: topic.id });
        return topic;
      });
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

    /** A section as the newsroom's form shows it, with its position. */
    async getSectionForEdit(actor: Actor, id: string): Promise<Section & { position: number }> {
      assertCan(actor, 'taxonomy.manage');
      const row = await findSectionById(db, id);
      if (!row) throw notFound('SECTION_NOT_FOUND', 'No such section.');
      return { ...toSection(row), position: Number(row.position) };
    },

    /** Renames, re-slugs (the old address redirects), describes or moves a section (editors). */
    async updateSection(actor: Actor, id: string, raw: SectionEdit): Promise<Section> {
      assertCan(actor, 'taxonomy.manage');
      const edit = parseInput(sectionEditSchema, raw);
      return outbox.transaction(async (tx) => {
        const row = await findSectionById(tx.db, id);
        if (!row) throw notFound('SECTION_NOT_FOUND', 'No such section.');
        const names = await renamed(tx, 'sections', id, row, edit, sectionPath);
        await updateSection(tx.db, id, { ...names, description: edit.description, position: edit.position });
        tx.emit({ type: 'section.updated', sectionId: id });
        await logged(
          tx,
          actor,
          'section.updated',
          { type: 'section', id },
          `Updated the section ${names.name} (${sectionPath(names.slug)})`,
        );
        return toSection({ ...row, ...names, description: edit.description });
      });
    },

    /** A topic as the newsroom's form shows it, with its aliases. */
    async getTopicForEdit(actor: Actor, id: string): Promise<Topic & { aliases: string[] }> {
      assertCan(actor, 'taxonomy.manage');
      const row = await findTopicById(db, id);
      if (!row) throw notFound('TOPIC_NOT_FOUND', 'No such topic.');
      const aliases = await listTopicAliases(db, id, row.name_key);
      return { ...toTopic(row), aliases: aliases.map((a) => a.alias) };
    },

    /**
     * Edits a topic: name, address (the old one redirects), kind, description and the other
     * names it goes by. A name another topic already answers to is refused: merge them instead.
     */
    async updateTopic(actor: Actor, id: string, raw: TopicEdit): Promise<Topic> {
      assertCan(actor, 'taxonomy.manage');
      const edit = parseInput(topicEditSchema, raw);
      return outbox.transaction(async (tx) => {
        const row = await findTopicById(tx.db, id);
        if (!row) throw notFound('TOPIC_NOT_FOUND', 'No such topic.');
        const names = await renamed(tx, 'topics', id, row, edit, topicPath);
        const wanted = new Map([[names.name_key, names.name]]);
        for (const alias of edit.aliases) if (!wanted.has(nameKey(alias))) wanted.set(nameKey(alias), alias);
        for (const [key, alias] of wanted) {
          const holder = await findTopicByAlias(tx.db, key);
          if (holder && holder.topic_id !== id)
            throw conflict('NAME_TAKEN', `"${alias}" already names the topic ${holder.name}: merge the two topics instead.`);
        }
        await deleteTopicAliasesExcept(tx.db, id, [...wanted.keys()]);
        for (const [key, alias] of wanted) await insertTopicAlias(tx.db, { alias_key: key, topic_id: id, alias });
        // Left out (an older caller), the flag stays as it was; the newsroom's form always sends it.
        const distinctive = edit.distinctive === undefined ? Number(row.distinctive) : edit.distinctive ? 1 : 0;
        await updateTopic(tx.db, id, { ...names, kind: edit.kind, description: edit.description, distinctive });
        tx.emit({ type: 'topic.updated', topicId: id });
        await logged(tx, actor, 'topic.updated', { type: 'topic', id }, `Updated the topic ${names.name} (${topicPath(names.slug)})`);
        return toTopic({ ...row, ...names, kind: edit.kind, description: edit.description, distinctive });
      });
    },

    /**
     * Merges topic `fromId` into `intoId`: its articles are tagged with the survivor, its names
     * become the survivor's aliases, and its address answers 301 to the survivor's.
     */
    async mergeTopics(actor: Actor, fromId: string, intoId: string): Promise<{ survivor: Topic; moved: number }> {
      assertCan(actor, 'taxonomy.manage');
      if (fromId === intoId) throw invalid('VALIDATION_FAILED', 'Choose another topic to merge into.', { into: 'is this topic' });
      return outbox.transaction(async (tx) => {
        const [from, into] = await Promise.all([findTopicById(tx.db, fromId), findTopicById(tx.db, intoId)]);
        if (!from || !into) throw notFound('TOPIC_NOT_FOUND', 'No such topic.');
        const moved = await mergeTopicRows(tx.db, fromId, intoId);
        await addRedirect(tx.db, { from_path: topicPath(from.slug), to_path: topicPath(into.slug), created_at: clock.now().toISOString() });
        tx.emit({ type: 'topic.merged', topicId: fromId, intoTopicId: intoId });
        await logged(
          tx,
          actor,
          'topic.merged',
          { type: 'topic', id: intoId },
          `Merged the topic ${from.name} into ${into.name} (${moved.length} articles)`,
        );
        return { survivor: toTopic(into), moved: moved.length };
      });
    },

    /** A series as the newsroom's form shows it, with the channels where it is watched. */
    async getSeriesForEdit(actor: Actor, id: string): Promise<Series> {
      assertCan(actor, 'taxonomy.manage');
      const row = await findSeriesById(db, id);
      if (!row) throw notFound('SERIES_NOT_FOUND', 'No such series.');
      return toSeries(row);
    },

    /** Edits a series: name, address (the old one redirects), description and channels. */
    async updateSeries(actor: Actor, id: string, raw: SeriesEdit): Promise<Series> {
      assertCan(actor, 'taxonomy.manage');
      const edit = parseInput(seriesEditSchema, raw);
      return outbox.transaction(async (tx) => {
        const row = await findSeriesById(tx.db, id);
        if (!row) throw notFound('SERIES_NOT_FOUND', 'No such series.');
        const names = await renamed(tx, 'series', id, row, edit, seriesPath);
        const channels = JSON.stringify(edit.channels);
        await updateSeries(tx.db, id, { ...names, description: edit.description, channels });
        tx.emit({ type: 'series.updated', seriesId: id });
        await logged(tx, actor, 'series.updated', { type: 'series', id }, `Updated the series ${names.name} (${seriesPath(names.slug)})`);
        return toSeries({ ...row, ...names, description: edit.description, channels });
      });
    },

    /** Every topic by name, for the newsroom's pickers and filters. */
    async listTopics(): Promise<Topic[]> {
      return (await listTopics(db)).map(toTopic);
    },

    /**
     * Every topic with its aliases (two queries, whatever the number of topics), for topic
     * suggestions, which compile them once and keep them until a change is announced.
     */
    async listTopicsWithAliases(): Promise<TopicWithAliases[]> {
      const [topics, aliases] = await Promise.all([listTopics(db), listAllTopicAliases(db)]);
      const byTopic = new Map<string, string[]>();
      const own = new Map(topics.map((t) => [t.topic_id, t.name_key]));
      for (const a of aliases) {
        if (own.get(a.topic_id) === a.alias_key) continue;
        const list = byTopic.get(a.topic_id);
        if (list) list.push(a.alias);
        else byTopic.set(a.topic_id, [a.alias]);
      }
      return topics.map((t) => ({ ...toTopic(t), aliases: byTopic.get(t.topic_id) ?? [] }));
    },

    /** One topic by its id (anyone may read topics: they are public). */
    async getTopic(id: string): Promise<Topic> {
      const row = await findTopicById(db, id);
      if (!row) throw notFound('TOPIC_NOT_FOUND', 'No such topic.');
      return toTopic(row);
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
      const [row] = await bySlug.section(slug);
      if (!row) throw notFound('SECTION_NOT_FOUND', 'No such section.');
      return toSection(row);
    },

    async getTopicBySlug(slug: string): Promise<Topic> {
      const [row] = await bySlug.topic(slug);
      if (!row) throw notFound('TOPIC_NOT_FOUND', 'No such topic.');
      return toTopic(row);
    },

    async getSeriesBySlug(slug: string): Promise<Series> {
      const [row] = await bySlug.series(slug);
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
const toTopic = (r: {
  topic_id: string;
  slug: string;
  name: string;
  kind: TopicKind;
  description: string;
  distinctive: number;
}): Topic => ({
  id: r.topic_id,
  slug: r.slug,
  name: r.name,
  kind: r.kind,
  description: r.description,
  distinctive: Number(r.distinctive) === 1,
});
const toSeries = (r: { series_id: string; slug: string; name: string; description: string; channels: string }): Series => ({
  id: r.series_id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  channels: JSON.parse(r.channels) as Array<{ name: string; url: string }>,
});
