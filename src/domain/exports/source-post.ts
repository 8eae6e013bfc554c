/**
 * A post from another platform's export, in the one shape the importer turns into an article:
 * WordPress items and Ghost posts are each mapped to this (`wordpress-posts.ts`,
 * `ghost-posts.ts`), so what happens next (dedupe, pictures, the article service) is shared.
 */

/** A picture a post names as its hero (WordPress's featured image, Ghost's feature image). */
export interface HeroRef {
  /** Where it may be found under the uploads folder, most likely first. */
  paths: string[];
  /** Its address on the old site, for the report when it is not found. */
  url: string;
  alt: string;
  caption: string;
}

/** Whether a post becomes an article, and how; or why not. */
export type Disposition = { action: 'import'; status: 'published' | 'draft'; note?: string } | { action: 'skip'; reason: string };

/** One post, mapped; see the module comment. */
export interface SourcePost {
  /** How the report names it: "post 12", "page 7", "post 6650f0…". */
  ref: string;
  /** The platform's word for it: post, page, nav_menu_item … */
  kind: string;
  title: string;
  /** What finds the article again on the next run (unique per site and post). */
  importKey: string | null;
  /** Where it came from (its old address, or the export), kept with the article. */
  importSource: string;
  disposition: Disposition;
  /**
   * The body as HTML, and what was left out of it in words ("the [gallery] shortcode", "a
   * paywall card"); worked out only when the post is imported, so a broken document fails its own post.
   */
  body(): { html: string; dropped: string[] };
  excerpt: string;
  /** When it was first published, as ISO-8601 UTC; null for "now". */
  publishedAt: string | null;
  /** Its section, or null for the default one. */
  section: string | null;
  topics: string[];
  authors: string[];
  hero: HeroRef | null;
  /** Paths on the old site that should answer 301 with the article (published articles only). */
  oldPaths: string[];
  /** The old site's slug, kept when it is free. */
  slug: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
  /** What the mapping had to say (a missing featured image, a date it had to guess). */
  notes: string[];
}

/** How a platform finds a body picture's file: the paths under the uploads folder an address may mean. */
export type PicturePaths = (src: string) => string[];

/** The old site's path of an address ("/2024/05/harbour-reopens" of "https://old.example/2024/05/harbour-reopens/"), or null. */
export function oldPath(address: string): string | null {
  if (!address) return null;
  let url: URL;
  try {
    url = new URL(address, 'http://old.invalid');
  } catch {
    return null;
  }
  const path = url.pathname.replace(/\/+$/, '');
  // The front page, or an address that is only a query (WordPress's "?p=12"), names no page of its own.
  return path && path !== '/' ? path : null;
}
