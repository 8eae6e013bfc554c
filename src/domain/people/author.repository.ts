import type { Executor } from '../../db/schema.js';
import type { AuthorsTable } from './authors.table.js';

export function findAuthorBySlug(ex: Executor, slug: string): Promise<AuthorsTable | undefined> {
  return ex.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
}
