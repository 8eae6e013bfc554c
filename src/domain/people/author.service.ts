import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { z } from 'zod';
import { conflict, invalid, notFound } from '../../kernel/errors.js';
import { linkTarget, parseInput } from '../../kernel/validation.js';
import type { AuditService } from '../audit/index.js';
import { newId } from '../../kernel/ids.js';
import { nameKey, slugify, wordsSlug } from '../../kernel/slugs.js';
import { assertCan, type Actor } from '../access/index.js';
import type { Outbox, Tx } from '../outbox/index.js';
import { addRedirect, authorPath, insertOrSelectByNameKey } from '../shared/index.js';
import { cleanName } from '../taxonomy/index.js';
import { findAuthorById, findAuthorBySlug, findAuthorIdBy, listAuthors, updateAuthor } from './author.repository.js';
import { mediaExists } from '../media/index.js';
import type { AuthorsTable } from './authors.table.js';

/** A writer credited in bylines, with a public profile page. */
export interface Author {
  id: string;
  slug: string;
  name: string;
  role: string;
  bio: string;
  /** Their photograph's address, when there is one. */
  photoUrl: string | null;
  /** Their photograph from the media library, when there is one (preferred to `photoUrl`). */
  photoMediaId: string | null;
  /** A public address readers may write to; '' when not given. */
  email: string;
  /** Their X handle, without the @; '' when not given. */
  xHandle: string;
}

/** Authors: find-or-create by name (inside a caller's write or as one of its own), look up by slug. */
/** What the newsroom's author form edits. */
export const authorEditSchema = z.object({
  name: z
    .string({ error: 'is required' })
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, 'is required').max(200, 'may be at most 200 characters')),
  slug: z.string().trim().max(200, 'may be at most 200 characters'),
  role: z.string().trim().max(200, 'may be at most 200 characters').default(''),
  bio: z.string().trim().max(5000, 'may be at most 5,000 characters').default(''),
  photoUrl: linkTarget.nullish(),
  photoMediaId: z.string().trim().max(100).nullish(),
  email: z.union([z.literal(''), z.email('is not an email address').max(200, 'may be at most 200 characters')]).default(''),
  // Stored without the @; X's own rule for handles: letters, digits and underscores, up to 15.
  xHandle: z
    .string()
    .trim()
    .transform((s) => s.replace(/^@/, ''))
    .pipe(z.union([z.literal(''), z.string().regex(/^[A-Za-z0-9_]{1,15}$/, 'is not an X handle (letters, digits and _, up to 15)')]))
    .default(''),
});
export type AuthorEdit = z.input<typeof authorEditSchema>;

export function createAuthorService(deps: { db: Executor; clock: Clock; outbox: Outbox; audit: AuditService }) {
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
        photo_url: null,
        photo_media_id: null,
        email: '',
        x_handle: '',
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

    async getAuthorForEdit(actor: Actor, id: string): Promise<Author> {
      assertCan(actor, 'people.manage');
      const row = await findAuthorById(deps.db, id);
      if (!row) throw notFound('AUTHOR_NOT_FOUND', 'No such author.');
      return toAuthor(row);
    },

    /** Edits an author's profile: name, address (the old one redirects), role title, bio, photo (editors). */
    async updateAuthor(actor: Actor, id: string, raw: AuthorEdit): Promise<Author> {
      assertCan(actor, 'people.manage');
      const edit = parseInput(authorEditSchema, raw);
      return deps.outbox.transaction(async (tx) => {
        const row = await findAuthorById(tx.db, id);
        if (!row) throw notFound('AUTHOR_NOT_FOUND', 'No such author.');
        const slug = wordsSlug(edit.slug || edit.name);
        if (!slug) throw invalid('INVALID_SLUG', 'A slug needs letters or digits.', { slug: 'needs letters or digits' });
        const key = nameKey(edit.name);
        const nameHolder = await findAuthorIdBy(tx.db, 'name_key', key);
        if (nameHolder && nameHolder !== id) throw conflict('NAME_TAKEN', `Another author is already called "${edit.name}".`);
        if (slug !== row.slug) {
          const slugHolder = await findAuthorIdBy(tx.db, 'slug', slug);
          if (slugHolder && slugHolder !== id) throw conflict('SLUG_TAKEN', `The address "${slug}" is already used by another author.`);
          await addRedirect(tx.db, {
            from_path: authorPath(row.slug),
            to_path: authorPath(slug),
            created_at: deps.clock.now().toISOString(),
          });
        }
        if (edit.photoMediaId && !(await mediaExists(tx.db, edit.photoMediaId)))
          throw invalid('VALIDATION_FAILED', 'That photo is not in the media library.', { photoMediaId: 'is not in the media library' });
        const set = {
          name: edit.name,
          name_key: key,
          slug,
          role: edit.role,
          bio: edit.bio,
          photo_url: edit.photoUrl || null,
          photo_media_id: edit.photoMediaId || null,
          email: edit.email,
          x_handle: edit.xHandle,
        };
        await updateAuthor(tx.db, id, set);
        tx.emit({ type: 'author.updated', authorId: id });
        await deps.audit.record(tx, {
          actor,
          action: 'author.updated',
          subject: { type: 'author', id },
          summary: `Updated the author ${edit.name} (${authorPath(slug)})`,
        });
        return toAuthor({ ...row, ...set });
      });
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

const toAuthor = (
  r: Pick<AuthorsTable, 'author_id' | 'slug' | 'name' | 'role' | 'bio' | 'photo_url' | 'email' | 'x_handle'> & {
    photo_media_id?: string | null;
  },
): Author => ({
  id: r.author_id,
  slug: r.slug,
  name: r.name,
  role: r.role,
  bio: r.bio,
  photoUrl: r.photo_url,
  photoMediaId: r.photo_media_id ?? null,
  email: r.email,
  xHandle: r.x_handle,
});
