import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { notFound } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { nameKey, slugify } from '../../kernel/slugs.js';
import { assertCan, type Actor } from '../access/index.js';
import type { Outbox, Tx } from '../outbox/index.js';
import { insertOrSelectByNameKey } from '../shared/index.js';
import { cleanName } from '../taxonomy/index.js';
import { findAuthorBySlug, listAuthors } from './author.repository.js';

/** A writer credited in bylines, with a public profile page. */
export interface Author {
  id: string;
  slug: string;
  name: string;
  role: string;
  bio: string;
}

/** Authors: find-or-create by name (inside a caller's write or as one of its own), look up by slug. */
export function createAuthorService(deps: { db: Executor; clock: Clock; outbox: Outbox }) {
  async function findOrCreateAuthor(tx: Tx, name: string, opts: { role?: string; bio?: string } = {}): Promise<Author> {
    const clean = cleanName(name, 'author');
    const { row } = await insertOrSelectByNameKey(
      tx.db,
      'authors',
      {
        author_id: newId(),
        name: clean,
        name_key: nameKey(clean),
        role: opts.role ?? '',
        bio: opts.bio ?? '',
        created_at: deps.clock.now().toISOString(),
      },
      slugify(clean),
    );
    return toAuthor(row);
  }

  return {
    /** The author with this name (any case), created if new, inside the caller's write. */
    findOrCreateAuthor,

    /** The author with this name (any case), created if new (editors and admins). */
    ensureAuthor(actor: Actor, name: string, opts: { role?: string; bio?: string } = {}) {
      assertCan(actor, 'people.manage');
      return deps.outbox.transaction((tx) => findOrCreateAuthor(tx, name, opts));
    },

    /** Every author by name, for the newsroom's byline picker and filter. */
    async listAuthors(): Promise<Author[]> {
      return (await listAuthors(deps.db)).map(toAuthor);
    },

    async getAuthorBySlug(slug: string): Promise<Author> {
      const row = await findAuthorBySlug(deps.db, slug);
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
