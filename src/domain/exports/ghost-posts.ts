import { nameKey } from '../../kernel/slugs.js';
import { lexicalToHtml, mobiledocToHtml } from './ghost-documents.js';
import { plainText } from './plain-text.js';
import { type Disposition, type PicturePaths, type SourcePost } from './source-post.js';

/** The small tables of a Ghost export, read before its posts: who wrote what, and how it was tagged. */
export interface GhostRelations {
  /** Tag id → its name and whether it is public (internal tags start with "#"). */
  tags: Map<string, { name: string; public: boolean }>;
  /** User id → name. */
  users: Map<string, string>;
  /** Post id → its tag ids, in Ghost's order (the first is the primary tag). */
  postTags: Map<string, Array<{ id: string; order: number }>>;
  /** Post id → its author ids, in Ghost's order. */
  postAuthors: Map<string, Array<{ id: string; order: number }>>;
  /** Post id → what posts_meta adds: the feature image's words, and search-engine text. */
  postMeta: Map<string, { alt: string; caption: string; metaTitle: string; metaDescription: string }>;
}

/** The tables `readGhostRows` assembles in the first reading (posts are only counted then). */
export const RELATION_TABLES = new Set(['tags', 'users', 'posts_tags', 'posts_authors', 'posts_meta']);

export const emptyRelations = (): GhostRelations => ({
  tags: new Map(),
  users: new Map(),
  postTags: new Map(),
  postAuthors: new Map(),
  postMeta: new Map(),
});

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const order = (v: unknown) => (typeof v === 'number' ? v : Number(v) || 0);

/** Adds one row of a relation table to what the run knows. */
export function addRelation(relations: GhostRelations, table: string, row: Record<string, unknown>): void {
  const push = (map: Map<string, Array<{ id: string; order: number }>>, key: string, id: string, at: unknown) => {
    if (!key || !id) return;
    const list = map.get(key) ?? [];
    list.push({ id, order: order(at) });
    map.set(key, list);
  };
  switch (table) {
    case 'tags':
      relations.tags.set(str(row.id), {
        name: plainText(str(row.name)),
        public: row.visibility !== 'internal' && !str(row.name).startsWith('#'),
      });
      break;
    case 'users':
      relations.users.set(str(row.id), plainText(str(row.name)));
      break;
    case 'posts_tags':
      push(relations.postTags, str(row.post_id), str(row.tag_id), row.sort_order);
      break;
    case 'posts_authors':
      push(relations.postAuthors, str(row.post_id), str(row.author_id), row.sort_order);
      break;
    case 'posts_meta':
      relations.postMeta.set(str(row.post_id), {
        alt: plainText(str(row.feature_image_alt)),
        caption: plainText(str(row.feature_image_caption)),
        metaTitle: plainText(str(row.meta_title)),
        metaDescription: plainText(str(row.meta_description)),
      });
      break;
    default:
  }
}

/** Paths under Ghost's images folder that a picture address may mean (a resized copy's original too). */
export const ghostPicturePaths: PicturePaths = (src) => {
  let path: string;
  try {
    path = decodeURIComponent(new URL(src.replace(/^__GHOST_URL__/, ''), 'http://old.invalid').pathname);
  } catch {
    return [];
  }
  const at = path.indexOf('/content/images/');
  if (at < 0) return [];
  // Ghost serves resized copies under size/w600/…; the upload is the same path without that.
  return [path.slice(at + '/content/images/'.length).replace(/^size\/w\d+(?:h\d+)?\//, '')];
};

/** A Ghost timestamp (ISO text, or milliseconds in old exports) as ISO-8601 UTC, or null. */
function ghostDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(typeof value === 'number' ? value : str(value));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function disposition(post: Record<string, unknown>, kind: string): Disposition {
  if (kind === 'page')
    return { action: 'skip', reason: 'a page: only posts become articles (make an About or Contact page in the newsroom)' };
  if (kind !== 'post') return { action: 'skip', reason: `a ${kind}, not a post` };
  // Members-only text must not become public by being imported.
  const visibility = str(post.visibility) || 'public';
  const status = str(post.status);
  if (status === 'published' && visibility !== 'public')
    return { action: 'import', status: 'draft', note: `it was for ${visibility} readers only in Ghost, so it is a draft here` };
  switch (status) {
    case 'published':
      return { action: 'import', status: 'published' };
    case 'scheduled':
      return { action: 'import', status: 'draft', note: 'it was scheduled in Ghost; schedule it again here' };
    case 'sent':
      return { action: 'import', status: 'draft', note: 'it was sent by email only in Ghost, so it is a draft here' };
    case 'draft':
      return { action: 'import', status: 'draft' };
    default:
      return { action: 'skip', reason: `its status "${status}" is not one Ghost publishes or drafts` };
  }
}

/** One post of a Ghost export mapped to the importer's shape: its primary tag is its section, its other tags topics. */
export function ghostPost(post: Record<string, unknown>, relations: GhostRelations, opts: { section: string | null }): SourcePost {
  const notes: string[] = [];
  const id = str(post.id);
  const kind = str(post.type) || (post.page === true || post.page === 1 ? 'page' : 'post');
  const sorted = (list: Array<{ id: string; order: number }> | undefined) =>
    [...(list ?? [])].sort((a, b) => a.order - b.order).map((r) => r.id);
  const tags = sorted(relations.postTags.get(id))
    .map((t) => relations.tags.get(t))
    .filter((t): t is { name: string; public: boolean } => !!t?.public && !!t.name)
    .map((t) => t.name);
  const section = opts.section ?? tags[0] ?? null;
  const seen = new Set(section ? [nameKey(section)] : []);
  const topics = tags.filter((t) => !seen.has(nameKey(t)) && seen.add(nameKey(t)));
  // Exports before Ghost 1.22 name one author on the post itself.
  const authorIds = sorted(relations.postAuthors.get(id));
  const authors = (authorIds.length > 0 ? authorIds : [str(post.author_id)].filter(Boolean))
    .map((a) => relations.users.get(a))
    .filter((n): n is string => !!n);
  const meta = relations.postMeta.get(id);
  const image = str(post.feature_image);
  const action = disposition(post, kind);
  const slug = str(post.slug);
  const uuid = str(post.uuid);
  return {
    ref: `${kind} ${id || uuid || '(no id)'}`,
    kind,
    title: plainText(str(post.title)),
    importKey: uuid ? `ghost:${uuid}` : id ? `ghost:id:${id}` : null,
    importSource: (slug ? `ghost:/${slug}/` : `ghost:${uuid || id}`).slice(0, 500),
    disposition: action,
    body: () => {
      // Ghost keeps the HTML it rendered beside the editor's document; that HTML is what readers saw.
      const html = str(post.html);
      if (html.trim()) return { html, dropped: [] };
      const lexical = str(post.lexical);
      if (lexical) return lexicalToHtml(lexical);
      const mobiledoc = str(post.mobiledoc);
      if (mobiledoc) return mobiledocToHtml(mobiledoc);
      return { html: '', dropped: [] };
    },
    excerpt: plainText(str(post.custom_excerpt)),
    publishedAt: action.action === 'import' && action.status === 'published' ? ghostDate(post.published_at) : null,
    section,
    topics,
    authors,
    hero: image
      ? {
          paths: ghostPicturePaths(image),
          url: image.replace(/^__GHOST_URL__/, ''),
          alt: meta?.alt ?? '',
          caption: meta?.caption ?? '',
        }
      : null,
    // Ghost's default address for a post is /slug/.
    oldPaths: slug ? [`/${slug}`] : [],
    slug: slug || null,
    seoTitle: meta?.metaTitle || null,
    seoDescription: meta?.metaDescription || null,
    notes,
  };
}
