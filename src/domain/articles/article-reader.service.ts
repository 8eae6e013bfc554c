import type { Executor } from '../../db/schema.js';
import type { SanitizedHtml } from '../../kernel/sanitized-html.js';
import type { TopicKind } from '../taxonomy/index.js';
import type { ArticleNoteKind } from './articles.table.js';
import { articlePath, authorPath, sectionPath, seriesPath, topicPath } from '../shared/index.js';
import { prepareReaderQueries, type CardRow, type ReaderQueries } from './article.repository.js';
import { renderBody } from './markdown.js';
import { findRedirect } from '../shared/index.js';

/** A link to something with a name: section, topic, series, author. */
export interface NamedLink {
  name: string;
  slug: string;
  path: string;
}

/** An article as a listing shows it. */
export interface ArticleCard {
  id: string;
  path: string;
  headline: string;
  standfirst: string;
  kicker: string;
  sectionId: string;
  section: NamedLink;
  series: NamedLink | null;
  publishedAt: string;
  hero: { url: string; alt: string } | null;
}

/** A library picture, with every served size, for a `<picture>` element. */
export interface Picture {
  width: number;
  height: number;
  /** Where the subject is (0–1 from the left and top), for crops. */
  focal: { x: number; y: number };
  /** The original format's type ("image/jpeg"), the fallback for browsers without AVIF or WebP. */
  type: string;
  variants: Array<{ url: string; type: string; width: number; height: number }>;
}

/** An article as its page shows it. */
export interface ArticleView extends ArticleCard {
  slug: string;
  updatedAt: string;
  bodyHtml: SanitizedHtml;
  byline: string | null;
  /** The hero: from the media library (`picture` set), or an address typed in (imported pages). */
  hero: { url: string; alt: string; caption: string | null; credit: string | null; picture?: Picture } | null;
  authors: Array<NamedLink & { role: string }>;
  topics: Array<NamedLink & { kind: TopicKind }>;
  pullQuotes: Array<{ text: string; speaker: string }>;
  /** Published articles the page's teasers name, with their own headlines. */
  teasers: Array<{ headline: string; path: string }>;
  /** What search results and link previews show, when set apart from the headline and standfirst. */
  seo: { title: string | null; description: string | null };
  /** Corrections and update notes, oldest first. */
  notes: Array<{ kind: ArticleNoteKind; body: string; at: string }>;
}

/** What an article slug leads to: a page, a withdrawn page, or nothing. */
export type ArticleLookup =
  { status: 'published'; article: ArticleView } | { status: 'unpublished'; headline: string } | { status: 'missing' };

/** One page of a listing; `hasMore` says whether a next page exists. */
export interface CardPage {
  items: ArticleCard[];
  page: number;
  hasMore: boolean;
}

export interface PageRequest {
  page: number;
  perPage: number;
}

function toCard(r: CardRow): ArticleCard {
  return {
    id: r.article_id,
    path: articlePath(r.section_slug, r.slug),
    headline: r.headline,
    standfirst: r.standfirst,
    kicker: r.kicker ?? r.section_name,
    sectionId: r.section_id,
    section: { name: r.section_name, slug: r.section_slug, path: sectionPath(r.section_slug) },
    series: r.series_name && r.series_slug ? { name: r.series_name, slug: r.series_slug, path: seriesPath(r.series_slug) } : null,
    publishedAt: r.published_at ?? '',
    hero: r.hero_image_url ? { url: r.hero_image_url, alt: r.hero_image_alt ?? '' } : null,
  };
}

/** One page of a listing, fetching one extra row to learn whether more follow. */
async function pageOf(run: (limit: number, offset: number) => Promise<CardRow[]>, req: PageRequest): Promise<CardPage> {
  const rows = await run(req.perPage + 1, (req.page - 1) * req.perPage);
  return { items: rows.slice(0, req.perPage).map(toCard), page: req.page, hasMore: rows.length > req.perPage };
}

type ArticlePageRow = Awaited<ReturnType<ReaderQueries['articleBySlug']>>[number];

/** The read side of articles for the reader site (and later feeds and the API): published content as views. */
export function createArticleReader(deps: { db: Executor }) {
  const { db } = deps;
  const q = prepareReaderQueries(db);
  // Rendering Markdown is the costliest step of an article page; a body only changes with
  // updated_at. The memo holds at most ~32 MB of HTML, oldest dropped first.
  const bodies = new Map<string, SanitizedHtml>();
  let memoChars = 0;
  const MEMO_CHARS = 32 * 1024 * 1024;
  function renderedBody(id: string, updatedAt: string, markdown: string, quotes: Array<{ text: string; speaker: string }>) {
    const key = `${id}@${updatedAt}`;
    let html = bodies.get(key);
    if (html === undefined) {
      html = renderBody(markdown, quotes);
      if (html.length <= MEMO_CHARS / 10) {
        while (memoChars + html.length > MEMO_CHARS && bodies.size > 0) {
          const [oldest, old] = bodies.entries().next().value!;
          bodies.delete(oldest);
          memoChars -= old.length;
        }
        bodies.set(key, html);
        memoChars += html.length;
      }
    }
    return html;
  }

  /** An article row with its relations, as its page shows it. */
  /** A library picture with its sizes, or null while they are being made. */
  async function pictureOf(mediaId: string) {
    const [[media], variants] = await Promise.all([q.picture(mediaId), q.pictureVariants(mediaId)]);
    if (!media || variants.length === 0) return null;
    const picture: Picture = {
      width: Number(media.width),
      height: Number(media.height),
      focal: { x: Number(media.focal_x), y: Number(media.focal_y) },
      type: `image/${media.format}`,
      variants: variants.map((v) => ({
        url: `/media/${v.path}`,
        type: `image/${v.format}`,
        width: Number(v.width),
        height: Number(v.height),
      })),
    };
    return { media, picture };
  }

  async function viewOf(row: ArticlePageRow): Promise<ArticleView> {
    const id = row.article_id;
    const [authors, topics, pullQuotes, teasers, notes, heroPicture] = await Promise.all([
      q.authors(id),
      q.topics(id),
      q.pullQuotes(id),
      q.teasers(id),
      q.notes(id),
      row.hero_media_id ? pictureOf(row.hero_media_id) : null,
    ]);
    const seen = new Set<number>();
    return {
      ...toCard(row),
      slug: row.slug,
      updatedAt: row.updated_at,
      bodyHtml: renderedBody(id, row.updated_at, row.body_md, pullQuotes),
      byline: row.byline,
      hero: heroPicture
        ? {
            url: heroPicture.picture.variants.filter((v) => v.type === heroPicture.picture.type).at(-1)!.url,
            alt: heroPicture.media.alt,
            // The article may word the caption its own way; the credit is the picture's.
            caption: row.hero_image_caption || heroPicture.media.caption || null,
            credit: heroPicture.media.credit || null,
            picture: heroPicture.picture,
          }
        : row.hero_image_url
          ? { url: row.hero_image_url, alt: row.hero_image_alt ?? '', caption: row.hero_image_caption, credit: row.hero_image_credit }
          : null,
      authors: authors.map((a) => ({ name: a.name, slug: a.slug, role: a.role, path: authorPath(a.slug) })),
      topics: topics.map((t) => ({ name: t.name, slug: t.slug, kind: t.kind, path: topicPath(t.slug) })),
      pullQuotes,
      // Two articles may share a headline; link the teaser once.
      teasers: teasers
        .filter((r) => !seen.has(r.position) && seen.add(r.position))
        .map((r) => ({ headline: r.headline, path: articlePath(r.section_slug, r.slug) })),
      seo: { title: row.seo_title, description: row.seo_description },
      notes: notes.map((n) => ({ kind: n.kind, body: n.body, at: n.created_at })),
    };
  }

  /** Published articles in a section, newest first, optionally leaving one out. */
  function bySection(sectionId: string, req: PageRequest, excludeId?: string): Promise<CardPage> {
    return pageOf(
      (limit, offset) => (excludeId ? q.bySectionExcept(sectionId, excludeId, limit, offset) : q.bySection(sectionId, limit, offset)),
      req,
    );
  }

  return {
    /** The article at `slug` with everything its page shows. */
    async findBySlug(slug: string): Promise<ArticleLookup> {
      const [row] = await q.articleBySlug(slug);
      if (!row || row.status === 'draft') return { status: 'missing' };
      if (row.status === 'unpublished') return { status: 'unpublished', headline: row.headline };
      return { status: 'published', article: await viewOf(row) };
    },

    /** Any article as its page would show it, whatever its status: what a preview link shows. */
    async previewById(id: string): Promise<ArticleView | null> {
      const [row] = await q.articleById(id);
      if (!row) return null;
      // A draft has no publication time yet: the page shows when it was last saved.
      return viewOf({ ...row, published_at: row.published_at ?? row.updated_at });
    },

    /** The newest published articles. */
    latest(req: PageRequest): Promise<CardPage> {
      return pageOf(q.latest, req);
    },

    bySection,

    /** Published articles tagged with a topic, newest first. */
    byTopic(topicId: string, req: PageRequest): Promise<CardPage> {
      return pageOf((limit, offset) => q.byTopic(topicId, limit, offset), req);
    },

    /** Episodes of a series, newest first. */
    bySeries(seriesId: string, req: PageRequest): Promise<CardPage> {
      return pageOf((limit, offset) => q.bySeries(seriesId, limit, offset), req);
    },

    /** Published articles by an author, newest first. */
    byAuthor(authorId: string, req: PageRequest): Promise<CardPage> {
      return pageOf((limit, offset) => q.byAuthor(authorId, limit, offset), req);
    },

    /**
     * The newest `perSection` articles of each section, keyed by section slug: one query per
     * rail, each a short walk of the (section_id, status, published_at) index, so the cost
     * does not grow with the archive.
     */
    async sectionRails(sections: Array<{ id: string; slug: string }>, perSection: number): Promise<Map<string, ArticleCard[]>> {
      const rails = await Promise.all(sections.map((s) => bySection(s.id, { page: 1, perPage: perSection })));
      return new Map(sections.map((s, i) => [s.slug, rails[i]!.items]));
    },

    /** Where an old path now lives, if it moved. */
    findRedirect(path: string): Promise<string | null> {
      return findRedirect(db, path);
    },
  };
}

export type ArticleReader = ReturnType<typeof createArticleReader>;
