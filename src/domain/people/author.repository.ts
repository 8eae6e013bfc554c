import type { Executor } from '../../db/schema.js';
import type { AuthorsTable } from './authors.table.js';

export function findAuthorBySlug(ex: Executor, slug: string): Promise<AuthorsTable | undefined> {
  return ex.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Every author by name (the newsroom's byline picker and filter). */
export function listAuthors(ex: Executor): Promise<AuthorsTable[]> {
  return ex.selectFrom('authors').selectAll().orderBy('name_key').execute();
}

export function findAuthorById(ex: Executor, id: string): Promise<AuthorsTable | undefined> {
  return ex.selectFrom('authors').selectAll().where('author_id', '=', id).executeTakeFirst();
}

/** The author holding a name key or a slug, if any. */
export async function findAuthorIdBy(ex: Executor, column: 'name_key' | 'slug', value: string): Promise<string | null> {
  const row = await ex.selectFrom('authors').select('author_id').where(column, '=', value).executeTakeFirst();
  return row?.author_id ?? null;
}

export async function updateAuthor(
  ex: Executor,
  id: string,
  set: Pick<AuthorsTable, 'name' | 'name_key' | 'slug' | 'role' | 'bio' | 'photo_url' | 'photo_media_id' | 'email' | 'x_handle'>,
): Promise<void> {
  await ex.updateTable('authors').set(set).where('author_id', '=', id).execute();
}
