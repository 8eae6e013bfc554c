import { preparedQuery } from '../../db/prepared-query.js';
import type { Executor } from '../../db/schema.js';
import type { SectionsTable, SeriesTable, TopicAliasesTable, TopicsTable } from './taxonomy.table.js';

/** Every section in display order. */
export function listSections(ex: Executor): Promise<SectionsTable[]> {
  return ex.selectFrom('sections').selectAll().orderBy('position').orderBy('name').execute();
}

/** The position after the last section: a new desk goes to the end of the navigation. */
export async function nextSectionPosition(ex: Executor): Promise<number> {
  const row = await ex
    .selectFrom('sections')
    .select((eb) => eb.fn.max('position').as('last'))
    .executeTakeFirst();
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

/** The topic a name or alias (by its name key) points at. */
export function findTopicByAlias(ex: Executor, aliasKey: string): Promise<TopicsTable | undefined> {
  return ex
    .selectFrom('topic_aliases')
    .innerJoin('topics', 'topics.topic_id', 'topic_aliases.topic_id')
    .selectAll('topics')
    .where('topic_aliases.alias_key', '=', aliasKey)
    .executeTakeFirst();
}

/** Adds an alias unless the name already points at a topic (the first one to claim it keeps it). */
export async function insertTopicAlias(ex: Executor, row: TopicAliasesTable): Promise<void> {
  await ex
    .insertInto('topic_aliases')
    .values(row)
    .onConflict((oc) => oc.column('alias_key').doNothing())
    .execute();
}

/**
 * The reader's lookups of a section, topic or series by its slug, each compiled once
 * (`db/prepared-query.ts`): every listing page rendered asks one, and building a query cost
 * more than running it.
 */
export function prepareSlugLookups(db: Executor) {
  return {
    section: preparedQuery(db, (slug: string) => db.selectFrom('sections').selectAll().where('slug', '=', slug), 1),
    topic: preparedQuery(db, (slug: string) => db.selectFrom('topics').selectAll().where('slug', '=', slug), 1),
    series: preparedQuery(db, (slug: string) => db.selectFrom('series').selectAll().where('slug', '=', slug), 1),
  };
}

/** Every topic by name (the newsroom's pickers and filters; a few thousand at most). */
export function listTopics(ex: Executor): Promise<TopicsTable[]> {
  return ex.selectFrom('topics').selectAll().orderBy('name_key').execute();
}

/** Every series by name. */
export function listSeries(ex: Executor): Promise<SeriesTable[]> {
  return ex.selectFrom('series').selectAll().orderBy('name_key').execute();
}

// ---------------------------------------------------------------------------
// Editing in the newsroom
// ---------------------------------------------------------------------------

export function findSectionById(ex: Executor, id: string): Promise<SectionsTable | undefined> {
  return ex.selectFrom('sections').selectAll().where('section_id', '=', id).executeTakeFirst();
}
export function findTopicById(ex: Executor, id: string): Promise<TopicsTable | undefined> {
  return ex.selectFrom('topics').selectAll().where('topic_id', '=', id).executeTakeFirst();
}
export function findSeriesById(ex: Executor, id: string): Promise<SeriesTable | undefined> {
  return ex.selectFrom('series').selectAll().where('series_id', '=', id).executeTakeFirst();
}

export async function updateSection(
  ex: Executor,
  id: string,
  set: Pick<SectionsTable, 'name' | 'name_key' | 'slug' | 'description' | 'position'>,
): Promise<void> {
  await ex.updateTable('sections').set(set).where('section_id', '=', id).execute();
}
export async function updateTopic(
  ex: Executor,
  id: string,
  set: Pick<TopicsTable, 'name' | 'name_key' | 'slug' | 'kind' | 'description' | 'distinctive'>,
): Promise<void> {
  await ex.updateTable('topics').set(set).where('topic_id', '=', id).execute();
}
export async function updateSeries(
  ex: Executor,
  id: string,
  set: Pick<SeriesTable, 'name' | 'name_key' | 'slug' | 'description' | 'channels'>,
): Promise<void> {
  await ex.updateTable('series').set(set).where('series_id', '=', id).execute();
}

/** The id of the row in `table` holding a name key or a slug, if any. */
export async function findHolder(
  ex: Executor,
  table: 'sections' | 'topics' | 'series',
  column: 'name_key' | 'slug',
  value: string,
): Promise<string | null> {
  const row =
    table === 'sections'
      ? await ex.selectFrom('sections').select('section_id as id').where(column, '=', value).executeTakeFirst()
      : table === 'topics'
        ? await ex.selectFrom('topics').select('topic_id as id').where(column, '=', value).executeTakeFirst()
        : await ex.selectFrom('series').select('series_id as id').where(column, '=', value).executeTakeFirst();
  return row?.id ?? null;
}

/** A topic's aliases other than its own name. */
export function listTopicAliases(ex: Executor, topicId: string, ownKey: string) {
  return ex
    .selectFrom('topic_aliases')
    .select(['alias', 'alias_key'])
    .where('topic_id', '=', topicId)
    .where('alias_key', '!=', ownKey)
    .orderBy('alias_key')
    .execute();
}

/** Every alias of every topic (its own name included), for compiling topic suggestions. */
export function listAllTopicAliases(ex: Executor): Promise<Array<Pick<TopicAliasesTable, 'topic_id' | 'alias' | 'alias_key'>>> {
  return ex.selectFrom('topic_aliases').select(['topic_id', 'alias', 'alias_key']).orderBy('alias_key').execute();
}

/** Drops a topic's aliases (all but the given keys). */
export async function deleteTopicAliasesExcept(ex: Executor, topicId: string, keep: string[]): Promise<void> {
  let query = ex.deleteFrom('topic_aliases').where('topic_id', '=', topicId);
  if (keep.length > 0) query = query.where('alias_key', 'not in', keep);
  await query.execute();
}

/**
 * Folds topic `from` into `into`: its articles are tagged with `into` instead (once), its
 * names become `into`'s aliases, and the topic row goes. Returns the articles that moved.
 */
export async function mergeTopicRows(ex: Executor, from: string, into: string): Promise<string[]> {
  const tagged = await ex.selectFrom('article_topics').select('article_id').where('topic_id', '=', from).execute();
  await ex
    .insertInto('article_topics')
    .columns(['article_id', 'topic_id', 'position'])
    .expression((eb) =>
      eb
        .selectFrom('article_topics as moving')
        .select(['moving.article_id', eb.val(into).as('topic_id'), 'moving.position'])
        .where('moving.topic_id', '=', from)
        .where((w) =>
          w.not(
            w.exists(
              w
                .selectFrom('article_topics as present')
                .select('present.article_id')
                .whereRef('present.article_id', '=', 'moving.article_id')
                .where('present.topic_id', '=', into),
            ),
          ),
        ),
    )
    .execute();
  await ex.deleteFrom('article_topics').where('topic_id', '=', from).execute();
  await ex.updateTable('topic_aliases').set({ topic_id: into }).where('topic_id', '=', from).execute();
  await ex.deleteFrom('topics').where('topic_id', '=', from).execute();
  return tagged.map((r) => r.article_id);
}
