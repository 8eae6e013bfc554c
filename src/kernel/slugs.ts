import { createHash } from 'node:crypto';
import transliterate from '@sindresorhus/slugify';

/**
 * A URL-safe, lower-case slug: other scripts transliterated ("Новости" → "novosti"),
 * punctuation dropped, words joined by hyphens, cut at a word boundary. Text with nothing
 * to transliterate (Chinese, say) gets a stable "item-…" slug from its hash.
 */
export function slugify(text: string, maxLength = 80): string {
  return wordsSlug(text, maxLength) ?? `item-${createHash('sha1').update(text).digest('hex').slice(0, 8)}`;
}

/** The slug made of `text`'s words, or null when it has none that can be written in a URL. */
export function wordsSlug(text: string, maxLength = 80): string | null {
  const slug = transliterate(text, {
    decamelize: false,
    customReplacements: [
      ['&', ' and '],
      ["'", ''],
      ['’', ''],
    ],
  });
  if (!slug) return null;
  if (slug.length <= maxLength) return slug;
  // Cut at a word boundary so slugs do not end mid-word.
  const cut = slug.slice(0, maxLength);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 20 ? cut.slice(0, lastDash) : cut).replace(/-+$/g, '');
}

/** A case- and space-insensitive key for matching names ("Royal  Navy" = "royal navy"). */
export const nameKey = (name: string): string => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
