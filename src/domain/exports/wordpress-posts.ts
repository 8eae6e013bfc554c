import { createHash } from 'node:crypto';
import { nameKey } from '../../kernel/slugs.js';
import { plainText, withoutControls } from './plain-text.js';
import { oldPath, type Disposition, type PicturePaths, type SourcePost } from './source-post.js';
import { cleanWordPressContent, type AttachmentRef } from './wordpress-html.js';
import type { WxrChannel, WxrItem } from './wxr-reader.js';

/** A picture in the export's media library (an `attachment` item), as posts refer to it. */
export interface WxrAttachment extends AttachmentRef {
  /** `_wp_attached_file`: its path under the uploads folder (`2024/05/harbour.jpg`). */
  file: string;
  caption: string;
}

/** The attachment an item describes, or null when it is not one. */
export function attachmentOf(item: WxrItem): WxrAttachment | null {
  if (item.postType !== 'attachment') return null;
  return {
    url: item.attachmentUrl || item.guid,
    file: item.meta.get('_wp_attached_file') ?? '',
    alt: plainText(item.meta.get('_wp_attachment_image_alt') ?? ''),
    caption: plainText(item.excerpt),
  };
}

/** WordPress's default category, which says only that nobody chose one. */
const UNCATEGORISED = new Set(['uncategorized', 'uncategorised']);

/** `2024-05-01 09:30:00` (WordPress's GMT column) as ISO-8601 UTC, or null for its "no date" zeros. */
function gmtDate(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m || m[1] === '0000') return null;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** When a published item went out: the GMT column, else the RSS date, else the site's local time read as UTC. */
function publishedAt(item: WxrItem, notes: string[]): string | null {
  const gmt = gmtDate(item.postDateGmt);
  if (gmt) return gmt;
  const rss = Date.parse(item.pubDate);
  if (item.pubDate && !Number.isNaN(rss) && rss > 0) return new Date(rss).toISOString();
  const local = gmtDate(item.postDate);
  if (local) {
    notes.push('its publication time had no time zone; it was read as UTC');
    return local;
  }
  notes.push('it had no publication date; it is dated now');
  return null;
}

/** What becomes of an item by its type and status (posts only; a password or privacy never becomes public). */
function disposition(item: WxrItem): Disposition {
  const type = item.postType || 'post';
  if (type === 'page')
    return { action: 'skip', reason: 'a page: only posts become articles (make an About or Contact page in the newsroom)' };
  if (type !== 'post') return { action: 'skip', reason: `a ${type}, not a post` };
  switch (item.status) {
    case 'publish':
      if (item.password)
        return { action: 'import', status: 'draft', note: 'it was password-protected in WordPress, so it is a draft here' };
      return { action: 'import', status: 'published' };
    case 'future':
      return { action: 'import', status: 'draft', note: 'it was scheduled in WordPress; schedule it again here' };
    case 'private':
      return { action: 'import', status: 'draft', note: 'it was private in WordPress, so it is a draft here' };
    case 'draft':
    case 'pending':
      return { action: 'import', status: 'draft' };
    case 'trash':
      return { action: 'skip', reason: 'in the bin in WordPress' };
    case 'auto-draft':
      return { action: 'skip', reason: 'an empty automatic draft' };
    default:
      return { action: 'skip', reason: `its status "${item.status}" is not one WordPress publishes or drafts` };
  }
}

/** The site part of an import key: host and path of the site's address, lower-case. */
export function siteKey(baseUrl: string): string {
  return baseUrl
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/** What finds this item's article again: the site and the post's id (a guid when there is no id). */
function importKey(site: string, item: WxrItem): string | null {
  const key = item.postId ? `wordpress:${site}:${item.postId}` : item.guid ? `wordpress:guid:${item.guid}` : null;
  if (!key || key.length <= 200) return key;
  return `wordpress:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** Paths under the uploads folder that a picture address may mean: as written, then its full size. */
export const wordpressPicturePaths: PicturePaths = (src) => {
  let path: string;
  try {
    path = decodeURIComponent(new URL(src, 'http://old.invalid').pathname);
  } catch {
    return [];
  }
  const at = path.indexOf('/uploads/');
  if (at < 0) return [];
  const relative = path.slice(at + '/uploads/'.length);
  // WordPress links the sizes it made ("harbour-1024x683.jpg", "harbour-scaled.jpg"); the upload is the original.
  const original = relative.replace(/-\d+x\d+(?=\.[a-z0-9]+$)/i, '').replace(/-scaled(?=\.[a-z0-9]+$)/i, '');
  return original === relative ? [relative] : [relative, original];
};

/** The run's knowledge of the export: its site and the pictures its attachments describe. */
export interface WordPressContext {
  channel: WxrChannel;
  attachments: ReadonlyMap<string, WxrAttachment>;
  /** Put every article here instead of its first category. */
  section: string | null;
}

/** One WXR item mapped to the importer's shape (see `source-post.ts`). */
export function wordpressPost(item: WxrItem, ctx: WordPressContext): SourcePost {
  const notes: string[] = [];
  const kind = item.postType || 'post';
  const title = plainText(item.title);
  const categories = item.terms.filter((t) => t.domain === 'category' && !UNCATEGORISED.has(t.nicename.toLowerCase()));
  const names = (terms: typeof item.terms) => terms.map((t) => plainText(t.name)).filter(Boolean);
  const section = ctx.section ?? names(categories)[0] ?? null;
  const topics: string[] = [];
  const seen = new Set(section ? [nameKey(section)] : []);
  // Categories after the first are still how the post was filed: they join its tags as topics.
  for (const name of [...names(categories), ...names(item.terms.filter((t) => t.domain === 'post_tag'))])
    if (!seen.has(nameKey(name))) {
      seen.add(nameKey(name));
      topics.push(name);
    }
  const login = item.creator.trim();
  const authors = login ? [plainText(ctx.channel.authors.get(login) || login)].filter(Boolean) : [];
  const thumbnail = item.meta.get('_thumbnail_id');
  let hero: SourcePost['hero'] = null;
  if (thumbnail) {
    const picture = ctx.attachments.get(thumbnail);
    if (picture?.file || picture?.url)
      hero = {
        paths: [...(picture.file ? [picture.file] : []), ...wordpressPicturePaths(picture.url)],
        url: picture.url,
        alt: picture.alt,
        caption: picture.caption,
      };
    else notes.push(`its featured image (attachment ${thumbnail}) is not in the export`);
  }
  const action = disposition(item);
  const metaDescription = item.meta.get('_yoast_wpseo_metadesc') ?? '';
  return {
    ref: `${kind} ${item.postId || `at line ${item.line}`}`,
    kind,
    title,
    importKey: importKey(siteKey(ctx.channel.baseUrl), item),
    importSource: withoutControls(item.link || item.guid).slice(0, 500),
    disposition: action,
    body: () => {
      const { html, dropped } = cleanWordPressContent(item.content, ctx.attachments);
      return { html, dropped: dropped.map((name) => `the [${name}] shortcode`) };
    },
    excerpt: plainText(item.excerpt),
    publishedAt: action.action === 'import' && action.status === 'published' ? publishedAt(item, notes) : null,
    section,
    topics,
    authors,
    hero,
    oldPaths: [oldPath(item.link)].filter((p): p is string => p !== null),
    slug: item.postName ? safeDecode(item.postName) : null,
    seoTitle: null,
    // Yoast's description is plain text unless it uses its own variables, which mean nothing here.
    seoDescription: metaDescription && !metaDescription.includes('%%') ? plainText(metaDescription) || null : null,
    notes,
  };
}

/** A percent-encoded slug ("%d0%bd…", as WordPress stores non-ASCII ones) decoded, or as it is. */
function safeDecode(slug: string): string {
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}
