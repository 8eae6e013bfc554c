import type { Executor } from '../../db/schema.js';
import type { AuthorsTable } from './authors.table.js';

export function findAuthorBySlug(ex: Executor, slug: string): Promise<AuthorsTable | undefined> {
  return ex.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Every author by name (the newsroom's byline picker and filter). */
export function listAuthors(ex: Executor): Promise<AuthorsTable[]> {
  return ex.selectFrom('authors').selectAll().orderBy('name_key').execute();
}
