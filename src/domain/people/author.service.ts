import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { invalid, notFound } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { nameKey, slugify } from '../../kernel/slugs.js';
import type { Database } from '../../db/schema.js';
import { uniqueSlug } from '../shared/index.js';

/** A writer credited in bylines, with a public profile page. */
export interface Author {
  id: string;
  slug: string;
  name: string;
  role: string;
  bio: string;
}

type Db = Kysely<Database>;

/** Authors: find-or-create by name, look up by slug. */
export function createAuthorService(deps: { db: Db; clock: Clock }) {
  return {
    /** The author with this name (any case), created if new; role and bio fill in blanks. */
    async ensureAuthor(name: string, opts: { role?: string; bio?: string; db?: Db } = {}): Promise<Author> {
      const db = opts.db ?? deps.db;
      const clean = name.replace(/\s+/g, ' ').trim();
      if (!clean) throw invalid('NAME_REQUIRED', 'An author needs a name.');
      const all = await db.selectFrom('authors').selectAll().execute();
      const found = all.find((a) => nameKey(a.name) === nameKey(clean));
      if (found) return toAuthor(found);
      const row = {
        author_id: newId(),
        slug: await uniqueSlug(db, 'authors', slugify(clean)),
        name: clean,
        role: opts.role ?? '',
        bio: opts.bio ?? '',
        created_at: deps.clock.now().toISOString(),
      };
      await db.insertInto('authors').values(row).execute();
      return toAuthor(row);
    },

    async getAuthorBySlug(slug: string): Promise<Author> {
      const row = await deps.db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
      if (!row) throw notFound('AUTHOR_NOT_FOUND', 'No such author.');
      return toAuthor(row);
    },
  };
}

export type AuthorService = ReturnType<typeof createAuthorService>;

const toAuthor = (r: { author_id: string; slug: string; name: string; role: string; bio: string }): Author => ({
  id: r.author_id,
  slug: r.slug,
  name: r.name,
  role: r.role,
  bio: r.bio,
});
