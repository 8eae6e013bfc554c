import { createHash } from 'node:crypto';
import { authorPath, largestOf, sectionPath, topicPath, type ArticleView } from '../../domain/articles/index.js';
import type { Author } from '../../domain/people/index.js';
import type { Section, Topic } from '../../domain/taxonomy/index.js';
import { escapeHtml } from '../../kernel/html-escape.js';

/**
 * Despatch's content in the shapes Ghost's Content API answers with (posts, pages, tags,
 * authors), so that front ends built for Ghost read it unchanged. Ghost's vocabulary maps
 * on to ours: a post is an article; its primary tag is its section, its other tags its
 * topics; a page is one of the outlet's own pages (About, Contact …). Fields Ghost has and
 * Despatch does not (code injection, member tiers, newsletters) are present and null, as
 * Ghost sends them when unset, because front ends read them without checking.
 */

type Json = Record<string, unknown>;

/** The link-preview and search fields Ghost lets editors set per item; Despatch has none for tags and pages. */
export const NO_SOCIAL_META = {
  og_image: null,
  og_title: null,
  og_description: null,
  twitter_image: null,
  twitter_title: null,
  twitter_description: null,
  meta_title: null,
  meta_description: null,
} as const;

/** Ghost's timestamp shape: milliseconds and an explicit +00:00. */
export const ghostDate = (iso: string | null): string | null => (iso ? new Date(iso).toISOString().replace('Z', '+00:00') : null);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A post's uuid: its id when that is already one, otherwise a stable one made from it. */
export function uuidOf(id: string): string {
  if (UUID.test(id)) return id.toLowerCase();
  const h = createHash('sha1').update(`despatch:${id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The text of rendered HTML, as Ghost's `plaintext` format gives it: blocks on their own
 * lines, tags dropped, entities decoded. Our HTML comes from our own Markdown renderer, so
 * its shape is known; this is not a general HTML-to-text converter.
 */
export function plaintextOf(html: string): string {
  return html
    .replace(/<(?:br|hr)\s*\/?>/gi, '\n')
    .replace(/<\/(?:p|h[1-6]|li|blockquote|figure|figcaption|pre|aside|div)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#')
        return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const absolute = (siteUrl: string, url: string | null | undefined) => (!url ? null : /^https?:/.test(url) ? url : siteUrl + url);

/** Ghost's URLs for taxonomy and people end in a slash; ours do not, and Ghost front ends link to whatever `url` says. */
export function tagOfSection(siteUrl: string, s: Pick<Section, 'id' | 'name' | 'slug' | 'description'>, count?: number): Json {
  return tag(siteUrl, s.id, s.name, s.slug, s.description, sectionPath(s.slug), count);
}

export function tagOfTopic(siteUrl: string, t: Pick<Topic, 'id' | 'name' | 'slug' | 'description'>, count?: number): Json {
  return tag(siteUrl, t.id, t.name, t.slug, t.description, topicPath(t.slug), count);
}

function tag(siteUrl: string, id: string, name: string, slug: string, description: string, path: string, count?: number): Json {
  return {
    id,
    name,
    slug,
    description: description || null,
    feature_image: null,
    visibility: 'public',
    ...NO_SOCIAL_META,
    codeinjection_head: null,
    codeinjection_foot: null,
    canonical_url: null,
    accent_color: null,
    url: siteUrl + path,
    ...(count === undefined ? {} : { count: { posts: count } }),
  };
}

/** An author in Ghost's shape; `photo` is their picture's address when they have one. */
export function authorOf(siteUrl: string, a: Author, photo: string | null, count?: number): Json {
  return {
    id: a.id,
    name: a.name,
    slug: a.slug,
    profile_image: absolute(siteUrl, photo ?? a.photoUrl),
    cover_image: null,
    bio: a.bio || null,
    website: null,
    location: null,
    facebook: null,
    twitter: a.xHandle ? `@${a.xHandle}` : null,
    meta_title: null,
    meta_description: null,
    url: siteUrl + authorPath(a.slug),
    ...(count === undefined ? {} : { count: { posts: count } }),
  };
}

/** What a post's or page's shape needs besides the article: who and what it links to, in Ghost's shapes. */
export interface PostRelations {
  tags: Json[];
  authors: Json[];
}

/** What a request asked of posts: which relations, which body formats. */
export interface PostOptions {
  include: ReadonlySet<string>;
  formats: ReadonlySet<string>;
}

/** An article as a Ghost post. */
export function postOf(siteUrl: string, a: ArticleView, relations: PostRelations, opts: PostOptions): Json {
  const ogUrl = a.hero?.crops?.og ? (largestOf(a.hero.crops.og)?.url ?? null) : null;
  const post: Json = {
    id: a.id,
    uuid: uuidOf(a.id),
    title: a.headline,
    slug: a.slug,
    ...(opts.formats.has('html') ? { html: String(a.bodyHtml) } : {}),
    ...(opts.formats.has('plaintext') ? { plaintext: plaintextOf(String(a.bodyHtml)) } : {}),
    comment_id: a.id,
    feature_image: absolute(siteUrl, a.hero?.url),
    feature_image_alt: a.hero ? a.hero.alt || null : null,
    // Ghost's caption is HTML; ours is text, so it is escaped on the way out.
    feature_image_caption: a.hero?.caption ? escapeHtml(a.hero.caption) : null,
    featured: false,
    visibility: 'public',
    // Despatch does not publish when a draft was begun; a post's life starts, for readers, when it was published.
    created_at: ghostDate(a.publishedAt),
    updated_at: ghostDate(a.updatedAt),
    published_at: ghostDate(a.publishedAt),
    custom_excerpt: a.standfirst || null,
    codeinjection_head: null,
    codeinjection_foot: null,
    custom_template: null,
    canonical_url: null,
    url: siteUrl + a.path,
    excerpt: a.standfirst || plaintextOf(String(a.bodyHtml)).slice(0, 500),
    reading_time: a.readingMinutes,
    access: true,
    comments: false,
    og_image: absolute(siteUrl, ogUrl),
    og_title: a.seo.title,
    og_description: a.seo.description,
    twitter_image: absolute(siteUrl, ogUrl),
    twitter_title: a.seo.title,
    twitter_description: a.seo.description,
    meta_title: a.seo.title,
    meta_description: a.seo.description,
    email_subject: null,
    frontmatter: null,
    feature_image_credit: a.hero?.credit ?? null,
  };
  if (opts.include.has('tags')) {
    post.tags = relations.tags;
    post.primary_tag = relations.tags[0] ?? null;
  }
  if (opts.include.has('authors')) {
    post.authors = relations.authors;
    post.primary_author = relations.authors[0] ?? null;
  }
  return post;
}

/** One of the outlet's own pages as a Ghost page: the post shape with no tags or authors. */
export function pageOf(
  siteUrl: string,
  p: { id: string; slug: string; title: string; html: string; path: string; updatedAt: string | null },
  opts: PostOptions,
): Json {
  const text = plaintextOf(p.html);
  const page: Json = {
    id: p.id,
    uuid: uuidOf(p.id),
    title: p.title,
    slug: p.slug,
    ...(opts.formats.has('html') ? { html: p.html } : {}),
    ...(opts.formats.has('plaintext') ? { plaintext: text } : {}),
    comment_id: p.id,
    feature_image: null,
    feature_image_alt: null,
    feature_image_caption: null,
    featured: false,
    visibility: 'public',
    created_at: ghostDate(p.updatedAt),
    updated_at: ghostDate(p.updatedAt),
    published_at: ghostDate(p.updatedAt),
    custom_excerpt: null,
    codeinjection_head: null,
    codeinjection_foot: null,
    custom_template: null,
    canonical_url: null,
    url: siteUrl + p.path,
    excerpt: text.slice(0, 500),
    reading_time: Math.max(1, Math.ceil(text.split(/\s+/).filter(Boolean).length / 230)),
    access: true,
    comments: false,
    ...NO_SOCIAL_META,
    frontmatter: null,
  };
  if (opts.include.has('tags')) Object.assign(page, { tags: [], primary_tag: null });
  if (opts.include.has('authors')) Object.assign(page, { authors: [], primary_author: null });
  return page;
}

/** Keeps only the fields asked for (Ghost's `fields`); unknown names are ignored, as Ghost ignores them. */
export function pick(obj: Json, fields: readonly string[] | null): Json {
  if (!fields) return obj;
  const out: Json = {};
  for (const f of fields) if (f in obj) out[f] = obj[f];
  return out;
}
