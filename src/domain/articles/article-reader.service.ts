import { cacheBudget } from '../../kernel/cache-budget.js';
import { compactString } from '../../kernel/compact-string.js';
import type { TaggedMemo } from '../../kernel/tagged-memo.js';
import type { Executor } from '../../db/schema.js';
import type { SanitizedHtml } from '../../kernel/sanitized-html.js';
import type { TopicKind } from '../taxonomy/index.js';
import type { ArticleNoteKind } from './articles.table.js';
import { articlePath, authorPath, sectionPath, seriesPath, topicPath } from '../shared/index.js';
import {
  cardsByIds,
  countPublished,
  findCardAuthors,
  prepareReaderQueries,
  filteredCards,
  recentlyPublished,
  sitemapArticles,
  type ArticleFilter,
  type CardRow,
  type SitemapPosition,
  type ReaderQueries,
} from './article.repository.js';
import { bodyPictures, renderBody } from './markdown.js';
import { largestOf, loadPictures, type LibraryPicture, type Picture } from '../media/index.js';
import { findRedirect } from '../shared/index.js';
import { matchingArticles, publishedCounts, type ArticleCondition, type ArticleOrder } from './article-conditions.js';

/** A link to something with a name: section, topic, series, author. */
export interface NamedLink {
  name: string;
  slug: string;
  path: string;
}

/** A card's share of the memo: the card (about 1.5 KB) and its markup in two forms (about 1.5 KB each). */
const CARD_BYTES = 4500;

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
  /** A library hero carries its 16:9 card crop (`picture`); an imported one only its address. */
  hero: { url: string; alt: string; picture?: Picture } | null;
  /** Who wrote it, as a card credits it ("Jane Smith and Tom Price", or the byline as set); null when nobody is named. */
  credit: string | null;
}

/** An article as its page shows it. */
export interface ArticleView extends ArticleCard {
  slug: string;
  updatedAt: string;
  bodyHtml: SanitizedHtml;
  byline: string | null;
  /** The hero: from the media library (`picture` set), or an address typed in (imported pages). */
  hero: {
    url: string;
    alt: string;
    caption: string | null;
    credit: string | null;
    /** The whole picture, for the page. */
    picture?: Picture;
    /** Its crops, for link previews and structured data. */
    crops?: LibraryPicture['crops'];
  } | null;
  authors: Array<NamedLink & { role: string }>;
  topics: Array<NamedLink & { id: string; kind: TopicKind }>;
  pullQuotes: Array<{ text: string; speaker: string }>;
  /** Published articles the page's teasers name, with their own headlines. */
  teasers: Array<{ headline: string; path: string }>;
  /** What search results and link previews show, when set apart from the headline and standfirst. */
  seo: { title: string | null; description: string | null };
  /** Minutes to read the body at an adult's pace (at least one). */
  readingMinutes: number;
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

/** What a sitemap says of an article. */
export interface SitemapEntry {
  path: string;
  updatedAt: string;
  /** Its picture: an absolute address or a site path, and the words describing it. */
  image: { url: string; title: string } | null;
}

export interface PageRequest {
  page: number;
  perPage: number;
  /** How many more the first page holds (the front page's lead above a full grid); later pages follow on. */
  firstPageExtra?: number;
}

/**
 * Minutes to read a body: its words (Markdown marks and picture addresses aside) at 230 a
 * minute, the pace adults read news at, rounded up.
 */
export function readingMinutes(markdown: string): number {
  const words = markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\]\([^)]*\)/g, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return Math.max(1, Math.ceil(words / 230));
}

/** "A", "A and B", "A, B and C". */
const namesList = (names: string[]) => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

function toCard(r: CardRow, pictures?: ReadonlyMap<string, LibraryPicture>, authors: string[] = []): ArticleCard {
  const library = r.hero_media_id ? pictures?.get(r.hero_media_id) : undefined;
  const card = library?.crops.card;
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
    credit: r.byline || (authors.length > 0 ? namesList(authors) : null),
    hero:
      library && card
        ? { url: largestOf(card)!.url, alt: library.alt, picture: card }
        : r.hero_image_url
          ? { url: r.hero_image_url, alt: r.hero_image_alt ?? '' }
          : null,
  };
}

type ArticlePageRow = Awaited<ReturnType<ReaderQueries['articleBySlug']>>[number];

/** The read side of articles for the reader site (and later feeds and the API): published content as views. */
export function createArticleReader(deps: {
  db: Executor;
  /** Keeps what pages read, tagged with what it shows, until a change purges it; none: every read queries. */
  memo?: TaggedMemo;
  /** Most bytes of rendered bodies kept (two a character); `cacheBudget()`'s share unless told. */
  bodyBytes?: number;
}) {
  const { db } = deps;
  /** `load` through the memo under `key`, tagged by `tagsOf` its result. */
  const memoised = <T>(key: string, tagsOf: (value: T) => readonly string[], load: () => Promise<T>): Promise<T> =>
    deps.memo
      ? deps.memo.get(key, async () => {
          const value = await load();
          return { value, tags: tagsOf(value), bytes: sizeOf(value) };
        })
      : load();
  /**
   * Roughly what a read model holds in memory (strings count twice: UTF-16), with the markup
   * pages keep for it while it lives (`web/components/rendered-once.ts`: a card's few forms,
   * an article's story, as text and as UTF-8), so the memo's bound holds that too.
   */
  const sizeOf = (value: unknown): number => {
    const v = value as { items?: unknown[]; article?: ArticleView; length?: number };
    if (v.article) return 8192 + 5 * v.article.bodyHtml.length;
    if (v.items) return 512 + CARD_BYTES * v.items.length;
    if (Array.isArray(value)) return 512 + CARD_BYTES * value.length;
    return 512;
  };
  const storyTags = (cards: { items: ArticleCard[] }) => cards.items.map((c) => `article:${c.id}`);
  /** A listing's page, tagged with the listing and each story on it. */
  const listing = (tag: string, key: string, req: PageRequest, load: () => Promise<CardPage>) =>
    memoised(`${key}|${req.page}|${req.perPage}|${req.firstPageExtra ?? 0}`, (p: CardPage) => [tag, ...storyTags(p)], load);
  const q = prepareReaderQueries(db);

  /** Cards for listing rows, with the card crops of their library heroes (one batch for the page). */
  async function cardsOf(rows: CardRow[]): Promise<ArticleCard[]> {
    if (rows.length === 0) return [];
    const [pictures, authors] = await Promise.all([
      loadPictures(
        db,
        rows.flatMap((r) => (r.hero_media_id ? [r.hero_media_id] : [])),
        { full: false, crops: ['card'] },
      ),
      findCardAuthors(
        db,
        rows.map((r) => r.article_id),
      ),
    ]);
    return rows.map((r) =>
      toCard(
        r,
        pictures,
        authors.filter((a) => a.article_id === r.article_id).map((a) => a.name),
      ),
    );
  }

  /** One page of a listing, fetching one extra row to learn whether more follow. */
  async function pageOf(run: (limit: number, offset: number) => Promise<CardRow[]>, req: PageRequest): Promise<CardPage> {
    const extra = req.firstPageExtra ?? 0;
    const size = req.page === 1 ? req.perPage + extra : req.perPage;
    const rows = await run(size + 1, req.page === 1 ? 0 : (req.page - 1) * req.perPage + extra);
    return { items: await cardsOf(rows.slice(0, size)), page: req.page, hasMore: rows.length > size };
  }
  // What a page needs to know of a body before rendering it (the pictures it names, its
  // reading time) takes a Markdown parse: kept per version like the rendered HTML, so a page
  // view parses nothing. At most 10,000 bodies' facts, oldest dropped first.
  const facts = new Map<string, { pictureIds: string[]; readingMinutes: number }>();
  function bodyFacts(id: string, updatedAt: string, markdown: string) {
    const key = `${id}@${updatedAt}`;
    let known = facts.get(key);
    if (known === undefined) {
      known = { pictureIds: bodyPictures(markdown).library.map((p) => p.id), readingMinutes: readingMinutes(markdown) };
      if (facts.size >= 10_000) facts.delete(facts.keys().next().value!);
      facts.set(key, known);
    }
    return known;
  }

  // Rendering Markdown is the costliest step of an article page; a body only changes with
  // updated_at. The memo holds at most `bodyBytes` of HTML (two bytes a character), oldest dropped first.
  const bodies = new Map<string, SanitizedHtml>();
  let memoChars = 0;
  const MEMO_CHARS = Math.floor((deps.bodyBytes ?? cacheBudget().bodies) / 2);
  function renderedBody(
    id: string,
    updatedAt: string,
    markdown: string,
    quotes: Array<{ text: string; speaker: string }>,
    pictures: ReadonlyMap<string, LibraryPicture>,
  ) {
    // A picture's words and sizes change without the article changing: what the body shows of them is part of the key.
    const key = `${id}@${updatedAt}${[...pictures.values()].map((p) => `|${p.id}\u0000${p.alt}\u0000${p.caption}\u0000${p.credit}\u0000${p.full?.variants.length}`).join('')}`;
    let html = bodies.get(key);
    if (html === undefined) {
      html = compactString(renderBody(markdown, quotes, pictures));
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
  async function viewOf(row: ArticlePageRow): Promise<ArticleView> {
    const id = row.article_id;
    const body = bodyFacts(id, row.updated_at, row.body_md);
    const pictureIds = [...body.pictureIds];
    if (row.hero_media_id) pictureIds.push(row.hero_media_id);
    const [authors, topics, pullQuotes, teasers, notes, pictures] = await Promise.all([
      q.authors(id),
      q.topics(id),
      q.pullQuotes(id),
      q.teasers(id),
      q.notes(id),
      loadPictures(db, pictureIds, { full: true, crops: ['og', 'card', 'square'] }),
    ]);
    const heroPicture = row.hero_media_id ? pictures.get(row.hero_media_id) : undefined;
    const seen = new Set<number>();
    return {
      ...toCard(
        row,
        undefined,
        authors.map((a) => a.name),
      ),
      slug: row.slug,
      updatedAt: row.updated_at,
      bodyHtml: renderedBody(id, row.updated_at, row.body_md, pullQuotes, pictures),
      readingMinutes: body.readingMinutes,
      byline: row.byline,
      hero: heroPicture?.full
        ? {
            url: largestOf(heroPicture.full)!.url,
            alt: heroPicture.alt,
            // The article may word the caption its own way; the credit is the picture's.
            caption: row.hero_image_caption || heroPicture.caption || null,
            credit: heroPicture.credit || null,
            picture: heroPicture.full,
            crops: heroPicture.crops,
          }
        : row.hero_image_url
          ? { url: row.hero_image_url, alt: row.hero_image_alt ?? '', caption: row.hero_image_caption, credit: row.hero_image_credit }
          : null,
      authors: authors.map((a) => ({ name: a.name, slug: a.slug, role: a.role, path: authorPath(a.slug) })),
      topics: topics.map((t) => ({ id: t.topic_id, name: t.name, slug: t.slug, kind: t.kind, path: topicPath(t.slug) })),
      pullQuotes,
      // Two articles may share a headline; link the teaser once.
      teasers: teasers
        .filter((r) => !seen.has(r.position) && seen.add(r.position))
        .map((r) => ({ headline: r.headline, path: articlePath(r.section_slug, r.slug) })),
      seo: { title: row.seo_title, description: row.seo_description },
      notes: notes.map((n) => ({ kind: n.kind, body: n.body, at: n.created_at })),
    };
  }

  async function publishedById(id: string): Promise<ArticleView | null> {
    const [row] = await q.articleById(id);
    return row && row.status === 'published' ? viewOf(row) : null;
  }

  /** Published articles in a section, newest first, optionally leaving one out. */
  function bySection(sectionId: string, req: PageRequest, excludeId?: string): Promise<CardPage> {
    return listing(`section:${sectionId}`, `section:${sectionId}:${excludeId ?? ''}`, req, () =>
      pageOf(
        (limit, offset) => (excludeId ? q.bySectionExcept(sectionId, excludeId, limit, offset) : q.bySection(sectionId, limit, offset)),
        req,
      ),
    );
  }

  return {
    /** The article at `slug` with everything its page shows. */
    findBySlug(slug: string): Promise<ArticleLookup> {
      return memoised(
        `slug:${slug}`,
        // A slug nobody has yet may be published under: any publication touches `home`.
        (found: ArticleLookup & { id?: string }) => (found.id ? [`article:${found.id}`] : ['home']),
        async (): Promise<ArticleLookup & { id?: string }> => {
          const [row] = await q.articleBySlug(slug);
          if (!row) return { status: 'missing' };
          if (row.status === 'draft') return { status: 'missing', id: row.article_id };
          if (row.status === 'unpublished') return { status: 'unpublished', headline: row.headline, id: row.article_id };
          return { status: 'published', article: await viewOf(row), id: row.article_id };
        },
      );
    },

    /** A body as it is being written, as its page would show it (the editor's preview): pictures drawn, not memoised. */
    async renderDraftBody(markdown: string, quotes: Array<{ text: string; speaker: string }>): Promise<SanitizedHtml> {
      const ids = bodyPictures(markdown).library.map((p) => p.id);
      return renderBody(markdown, quotes, await loadPictures(db, ids, { full: true, crops: [] }));
    },

    /** Any article as its page would show it, whatever its status: what a preview link shows. */
    async previewById(id: string): Promise<ArticleView | null> {
      const [row] = await q.articleById(id);
      if (!row) return null;
      // A draft has no publication time yet: the page shows when it was last saved.
      return viewOf({ ...row, published_at: row.published_at ?? row.updated_at });
    },

    /**
     * Cards as feeds carry them: each with its rendered body, writers, topics and last
     * change. One article read per card, each body from the memo: feeds are cached like
     * pages, so this runs once per change, not per reader.
     */
    async feedEntries(cards: Array<Pick<ArticleCard, 'id'>>): Promise<ArticleView[]> {
      const views = await Promise.all(cards.map((card) => publishedById(card.id)));
      return views.filter((v): v is ArticleView => v !== null);
    },

    /** A published article by its id, as its page shows it; null for any other. */
    publishedById,

    /** Cards for published articles by id, in the order given (search results); others are left out. */
    async cardsByIds(ids: string[]): Promise<ArticleCard[]> {
      if (ids.length === 0) return [];
      return memoised(
        `ids:${ids.join(',')}`,
        // An id not published now may be later: its own tag covers that too.
        () => ids.map((id) => `article:${id}`),
        async () => {
          const cards = await cardsOf(await cardsByIds(db, ids));
          const byId = new Map(cards.map((c) => [c.id, c]));
          return ids.flatMap((id) => byId.get(id) ?? []);
        },
      );
    },

    /**
     * A page of the published articles matching a condition (what a filter language compiles
     * to), as their pages show them, and how many match in all: offset paging, for APIs whose
     * clients expect page numbers and totals.
     */
    async matching(
      condition: ArticleCondition,
      order: ArticleOrder,
      limit: number,
      offset: number,
    ): Promise<{ items: ArticleView[]; total: number }> {
      const { ids, total } = await matchingArticles(db, condition, order, limit, offset);
      const views = await Promise.all(ids.map((id) => publishedById(id)));
      return { items: views.filter((v): v is ArticleView => v !== null), total };
    },

    /** How many published articles each section, topic and author has, by id. */
    publishedCounts(): ReturnType<typeof publishedCounts> {
      return publishedCounts(db);
    },

    /**
     * A batch of a sitemap: published articles oldest first, each with its address, last
     * change and picture (the link-preview crop, or the hero as typed in).
     */
    async sitemapBatch(
      from: SitemapPosition,
      limit: number,
    ): Promise<{ entries: SitemapEntry[]; last: { publishedAt: string; id: string } | null }> {
      const rows = await sitemapArticles(db, limit, from);
      const pictures = await loadPictures(
        db,
        rows.flatMap((r) => (r.hero_media_id ? [r.hero_media_id] : [])),
        { full: false, crops: ['og'] },
      );
      const entries = rows.map((r) => {
        const library = r.hero_media_id ? pictures.get(r.hero_media_id) : undefined;
        const og = library?.crops.og ? largestOf(library.crops.og) : null;
        const image = og
          ? { url: og.url, title: library!.alt }
          : r.hero_image_url
            ? { url: r.hero_image_url, title: r.hero_image_alt ?? '' }
            : null;
        return { path: articlePath(r.section_slug, r.slug), updatedAt: r.updated_at, image };
      });
      const tail = rows.at(-1);
      return { entries, last: tail ? { publishedAt: tail.published_at!, id: tail.article_id } : null };
    },

    /**
     * A page of published articles matching `filter`, newest first, after the keyset
     * position `after`; `next` is the position to ask from for the following page, or null.
     */
    async filtered(
      filter: ArticleFilter,
      after: { publishedAt: string; id: string } | null,
      limit: number,
    ): Promise<{ items: ArticleCard[]; next: { publishedAt: string; id: string } | null }> {
      const rows = await filteredCards(db, filter, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: await cardsOf(page),
        next: rows.length > limit && last ? { publishedAt: last.published_at!, id: last.article_id } : null,
      };
    },

    /** How many articles are published (how many sitemap pages there are). */
    countPublished(): Promise<number> {
      return countPublished(db);
    },

    /** Articles published since `since`, newest first, at most `limit`: a news sitemap's. */
    async publishedSince(since: string, limit: number): Promise<Array<{ path: string; headline: string; publishedAt: string }>> {
      return (await recentlyPublished(db, since, limit)).map((r) => ({
        path: articlePath(r.section_slug, r.slug),
        headline: r.headline,
        publishedAt: r.published_at!,
      }));
    },

    /** The newest published articles. */
    latest(req: PageRequest): Promise<CardPage> {
      return listing('home', 'latest', req, () => pageOf(q.latest, req));
    },

    bySection,

    /** Published articles tagged with a topic, newest first. */
    byTopic(topicId: string, req: PageRequest): Promise<CardPage> {
      return listing(`topic:${topicId}`, `topic:${topicId}`, req, () => pageOf((limit, offset) => q.byTopic(topicId, limit, offset), req));
    },

    /** Episodes of a series, newest first. */
    bySeries(seriesId: string, req: PageRequest): Promise<CardPage> {
      return listing(`series:${seriesId}`, `series:${seriesId}`, req, () =>
        pageOf((limit, offset) => q.bySeries(seriesId, limit, offset), req),
      );
    },

    /** Published articles by an author, newest first. */
    byAuthor(authorId: string, req: PageRequest): Promise<CardPage> {
      return listing(`author:${authorId}`, `author:${authorId}`, req, () =>
        pageOf((limit, offset) => q.byAuthor(authorId, limit, offset), req),
      );
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
