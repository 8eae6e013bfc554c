import type { Executor } from '../../db/schema.js';
import type { SectionsTable, SeriesTable, TopicAliasesTable, TopicsTable } from './taxonomy.table.js';

/** Every section in display order. */
export function listSections(ex: Executor): Promise<SectionsTable[]> {
  return ex.selectFrom('sections').selectAll().orderBy('position').orderBy('name').execute();
}

export function findSectionBySlug(ex: Executor, slug: string): Promise<SectionsTable | undefined> {
  return ex.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();
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

export function findTopicBySlug(ex: Executor, slug: string): Promise<TopicsTable | undefined> {
  return ex.selectFrom('topics').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findSeriesBySlug(ex: Executor, slug: string): Promise<SeriesTable | undefined> {
  return ex.selectFrom('series').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Every topic by name (the newsroom's pickers and filters; a few thousand at most). */
export function listTopics(ex: Executor): Promise<TopicsTable[]> {
  return ex.selectFrom('topics').selectAll().orderBy('name_key').execute();
}

/** Every series by name. */
export function listSeries(ex: Executor): Promise<SeriesTable[]> {
  return ex.selectFrom('series').selectAll().orderBy('name_key').execute();
}
