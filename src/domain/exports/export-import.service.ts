import { basename } from 'node:path';
import { invalid, isAppError, type ErrorCode } from '../../kernel/errors.js';
import type { Logger } from '../../kernel/logger.js';
import { assertCan, can, type Actor } from '../access/index.js';
import type { ArticleRef, ArticleService, ArticleStatus } from '../articles/index.js';
import type { MediaItem, MediaService } from '../media/index.js';
import { countedBytes } from './byte-stream.js';
import { assertExportSize, MAX_EXPORT_BYTES, type ExportFile } from './export-file.js';
import { readGhostRows } from './ghost-reader.js';
import { addRelation, emptyRelations, ghostPicturePaths, ghostPost, RELATION_TABLES } from './ghost-posts.js';
import { fillPictures, htmlToMarkdown, libraryPictureMarkdown, missingPictureMarkdown, picturesShown } from './html-markdown.js';
import { clip } from './plain-text.js';
import type { PicturePaths, SourcePost } from './source-post.js';
import { attachmentOf, wordpressPicturePaths, wordpressPost, type WxrAttachment } from './wordpress-posts.js';
import { readWxr, type WxrChannel } from './wxr-reader.js';

/** The section for posts that name none (no category, or only WordPress's "Uncategorized"). */
export const DEFAULT_SECTION = 'News';

/** What an editor adds to what the export says. */
export interface ExportImportOptions {
  /** Keep every new article as a draft. */
  draft?: boolean;
  /** Put every article in this section, instead of its first category (WordPress) or primary tag (Ghost). */
  section?: string | null;
  /** Refuse exports larger than this many bytes (default: the importer's limit, 512 MB). */
  maxBytes?: number | null;
}

/** How far a run has got, for a progress bar. */
export type ExportProgress = { phase: 'reading'; bytes: number; totalBytes: number } | { phase: 'importing'; done: number; total: number };

/** What a run tells its caller as it goes: each item's outcome, and its progress. */
export interface ExportImportHooks {
  item?(result: ExportItemResult): void;
  progress?(progress: ExportProgress): void;
}

interface ItemBase {
  /** How the export names it: "post 12", "page 7", "post 6650f0…". */
  item: string;
  kind: string;
  title: string;
}

/** One item's outcome, in the shape `--json` prints: imported, unchanged (found from an earlier run), skipped or failed. */
export type ExportItemResult =
  | (ItemBase & {
      outcome: 'imported';
      ok: true;
      id: string;
      url: string;
      status: ArticleStatus;
      section: string;
      topics: string[];
      authors: string[];
      hero: boolean;
      pictures: number;
      redirects: string[];
      notes: string[];
    })
  | (ItemBase & { outcome: 'unchanged'; ok: true; id: string; url: string; status: ArticleStatus })
  | (ItemBase & { outcome: 'skipped'; ok: true; reason: string })
  | (ItemBase & { outcome: 'failed'; ok: false; code: ErrorCode; error: string; notes: string[] });

/** A run's totals. */
export interface ExportSummary {
  platform: 'wordpress' | 'ghost';
  file: string;
  imported: number;
  unchanged: number;
  skipped: number;
  failed: number;
  /** Pictures added to the library (heroes and body pictures; one already there is not counted). */
  pictures: number;
}

/** A picture the run found, as the library holds it. */
type Found = { item: MediaItem };
/** What the run learnt of a picture path: found, or why not. */
type Lookup = Found | { missing: string };

/** Per run: the export, who acts, and what was learnt of each picture (so one used twice is read once). */
interface Run {
  actor: Actor;
  file: ExportFile;
  /** Largest export read. */
  maxBytes: number;
  publish: boolean;
  picturePaths: PicturePaths;
  /** Words an export keeps about a picture elsewhere (WordPress's attachment items), by its address. */
  describe: (src: string) => { alt: string; caption: string } | null;
  pictures: Map<string, Lookup>;
  summary: ExportSummary;
}

/**
 * Imports WordPress (WXR) and Ghost (JSON) exports: posts become articles through the article
 * service (each in its own transaction, so a failed post writes nothing and never stops the
 * batch), categories or primary tags sections, tags topics, writers authors, featured images
 * found beside the export library pictures, and old addresses redirects. Each post's import
 * key (site and post id, or Ghost's uuid) finds its article on the next run, which adds nothing.
 */
export function createExportImporter(deps: {
  articles: Pick<ArticleService, 'createArticle' | 'findByImportKey'>;
  media: Pick<MediaService, 'addImage' | 'update' | 'limits'>;
  siteUrl: string;
  /** Where unexpected failures are logged (the item's result only says one happened). */
  log: Logger;
  /** Largest export read (default 512 MB). */
  maxExportBytes?: number;
}) {
  /** Checks who acts and the file's size, before anything is read. */
  function begin(
    actor: Actor,
    file: ExportFile,
    opts: ExportImportOptions,
    platform: ExportSummary['platform'],
    picturePaths: PicturePaths,
  ): Run {
    assertCan(actor, 'article.import');
    // An export brings its own sections, topics and authors: that is for editors and admins.
    assertCan(actor, 'taxonomy.manage');
    const maxBytes = opts.maxBytes ?? deps.maxExportBytes ?? MAX_EXPORT_BYTES;
    assertExportSize(file.name, file.size, maxBytes);
    return {
      actor,
      file,
      maxBytes,
      publish: !opts.draft && can(actor, 'article.publish'),
      picturePaths,
      describe: () => null,
      pictures: new Map(),
      summary: { platform, file: file.name, imported: 0, unchanged: 0, skipped: 0, failed: 0, pictures: 0 },
    };
  }

  /** The export's bytes, read afresh, counted and capped. */
  const bytesOf = (run: Run, onBytes?: (n: number) => void) => () => countedBytes(run.file.open(), run.maxBytes, onBytes);

  /** A picture from beside the export, added to the library (once per run), with alt text if it had none. */
  async function picture(run: Run, paths: string[], words: { alt: string; caption: string }): Promise<Lookup> {
    if (paths.length === 0) return { missing: 'its address is not in the uploads folder' };
    for (const path of paths) {
      let known = run.pictures.get(path);
      if (!known) {
        const file = await run.file.picture(path, deps.media.limits.maxBytes);
        if (file === 'missing') continue;
        if (file === 'too-large') known = { missing: `${path} is larger than the library takes` };
        else
          try {
            const { item, existing } = await deps.media.addImage(run.actor, { file: basename(file.file), bytes: file.bytes }, words);
            if (!existing) run.summary.pictures++;
            known = { item };
          } catch (err) {
            if (!isAppError(err)) throw err;
            known = { missing: `${path}: ${err.message}` };
          }
        run.pictures.set(path, known);
      }
      if ('item' in known && !known.item.alt && words.alt) {
        // A picture already in the library without a description takes the export's.
        const item = known.item;
        known = {
          item: await deps.media.update(run.actor, item.id, {
            alt: words.alt,
            caption: item.caption,
            credit: item.credit,
            focalX: item.focal.x,
            focalY: item.focal.y,
            licenceExpires: item.licenceExpiresAt ? item.licenceExpiresAt.slice(0, 10) : null,
          }),
        };
        run.pictures.set(path, known);
      }
      return known;
    }
    return { missing: `${paths[0]} is not beside the export` };
  }

  /** The body as Markdown, with every picture found put in the library or, when not, left as a link to where it was. */
  async function bodyOf(run: Run, post: SourcePost, notes: string[]): Promise<{ markdown: string; pictures: number }> {
    const { html, dropped } = post.body();
    if (dropped.length > 0) notes.push(`left out: ${dropped.join(', ')}`);
    const converted = htmlToMarkdown(html);
    notes.push(...converted.notes);
    const replacements = new Map<number, string>();
    const missing: string[] = [];
    let described = 0;
    let placed = 0;
    for (const index of picturesShown(converted.markdown)) {
      const slot = converted.pictures[index]!;
      const known = run.describe(slot.src);
      const words = { alt: slot.alt || known?.alt || '', caption: slot.caption || known?.caption || '' };
      const found = await picture(run, run.picturePaths(slot.src), { alt: words.alt || words.caption, caption: words.caption });
      if ('missing' in found) {
        missing.push(found.missing);
        replacements.set(index, missingPictureMarkdown({ ...slot, ...words }));
        continue;
      }
      let alt = words.alt || words.caption || found.item.alt;
      if (!alt) {
        // Publication needs every picture described; until an editor does, the headline says what it illustrates.
        alt = post.title;
        described++;
      }
      replacements.set(index, libraryPictureMarkdown(found.item.id, alt, words.caption));
      placed++;
    }
    if (missing.length > 0)
      notes.push(
        `${missing.length === 1 ? 'a picture was' : `${missing.length} pictures were`} not found, so a link to the old site (or the picture's words) stands in: ${missing.slice(0, 3).join('; ')}${missing.length > 3 ? ' …' : ''}`,
      );
    if (described > 0)
      notes.push(
        `${described === 1 ? 'a picture had' : `${described} pictures had`} no alt text; the headline stands in until someone describes ${described === 1 ? 'it' : 'them'}`,
      );
    return { markdown: fillPictures(converted.markdown, (i) => replacements.get(i) ?? ''), pictures: placed };
  }

  /** One post through the article service; its failure is its own. */
  async function importPost(run: Run, post: SourcePost): Promise<ExportItemResult> {
    const base = { item: post.ref, kind: post.kind, title: post.title };
    const notes = [...post.notes];
    try {
      if (post.disposition.action === 'skip') return { ...base, outcome: 'skipped', ok: true, reason: post.disposition.reason };
      if (!post.importKey)
        throw invalid('EXPORT_ITEM_INVALID', 'It has no id or guid, so a later import could not recognise it; it was not imported.');
      const earlier = await deps.articles.findByImportKey(post.importKey);
      if (earlier) return unchanged(base, earlier);
      if (!post.title) throw invalid('NO_HEADLINE', 'It has no title: give it one on the old site and export again.');
      if (post.disposition.note) notes.push(post.disposition.note);
      const status: 'published' | 'draft' = post.disposition.status === 'published' && run.publish ? 'published' : 'draft';
      const body = await bodyOf(run, post, notes);
      let heroMediaId: string | null = null;
      let heroCaption: string | null = null;
      if (post.hero) {
        const alt = post.hero.alt || post.hero.caption;
        const found = await picture(run, post.hero.paths, { alt: alt || post.title, caption: post.hero.caption });
        if ('missing' in found) notes.push(`featured image not found (${found.missing}); the article has no hero picture`);
        else {
          heroMediaId = found.item.id;
          heroCaption = post.hero.caption || null;
          if (!alt) notes.push('its featured image had no alt text; the headline stands in until someone describes it');
        }
      }
      const section = clip(post.section ?? DEFAULT_SECTION, 100);
      const input = {
        section,
        headline: clip(post.title, 300),
        standfirst: clip(post.excerpt, 1000),
        bodyMarkdown: body.markdown,
        authors: post.authors.map((a) => clip(a, 200)).slice(0, 10),
        topics: post.topics.map((t) => clip(t, 200)).slice(0, 50),
        status,
        publishedAt: status === 'published' ? post.publishedAt : null,
        heroMediaId,
        heroCaption: heroCaption ? clip(heroCaption, 500) : null,
        seoTitle: post.seoTitle ? clip(post.seoTitle, 120) : null,
        seoDescription: post.seoDescription ? clip(post.seoDescription, 300) : null,
        importKey: post.importKey,
        importSource: post.importSource,
      };
      if (post.authors.length > 10) notes.push(`only its first 10 of ${post.authors.length} authors are credited`);
      if (post.topics.length > 50) notes.push(`only its first 50 of ${post.topics.length} tags became topics`);
      const redirects = status === 'published' ? post.oldPaths : [];
      let ref: ArticleRef;
      try {
        ref = await deps.articles.createArticle(run.actor, input, { slug: post.slug, redirectsFrom: redirects });
      } catch (err) {
        // Another import of the same export committed this post first: it is imported, as theirs.
        if (!isAppError(err) || err.code !== 'ALREADY_IMPORTED') throw err;
        const theirs = await deps.articles.findByImportKey(post.importKey);
        if (!theirs) throw err;
        return unchanged(base, theirs);
      }
      return {
        ...base,
        outcome: 'imported',
        ok: true,
        id: ref.id,
        url: deps.siteUrl + ref.path,
        status: ref.status,
        section,
        topics: input.topics,
        authors: input.authors,
        hero: heroMediaId !== null,
        pictures: body.pictures,
        redirects: redirects.filter((r) => r !== ref.path),
        notes,
      };
    } catch (err) {
      if (isAppError(err)) return { ...base, outcome: 'failed', ok: false, code: err.code, error: err.message, notes };
      // An unexpected failure still belongs to this post alone: report it and let the batch go on.
      deps.log.error({ err, item: post.ref }, `import of ${post.ref} failed`);
      return {
        ...base,
        outcome: 'failed',
        ok: false,
        code: 'IMPORT_FAILED',
        error: 'This post could not be imported because of an internal error; nothing was written for it.',
        notes,
      };
    }
  }

  const unchanged = (base: ItemBase, ref: ArticleRef): ExportItemResult => ({
    ...base,
    outcome: 'unchanged',
    ok: true,
    id: ref.id,
    url: deps.siteUrl + ref.path,
    status: ref.status,
  });

  /** Reports one outcome and counts it. */
  function record(run: Run, hooks: ExportImportHooks, result: ExportItemResult): void {
    run.summary[result.outcome]++;
    hooks.item?.(result);
  }

  return {
    /**
     * Imports a WordPress export (WXR). The file is read twice, as a stream: first to learn
     * the site, its authors and its attachments (featured images usually come after their
     * posts) and to count the posts, then to import them one at a time. A DOCTYPE, an
     * undefined entity or malformed XML stops the first reading, before anything is written.
     */
    async importWordPress(
      actor: Actor,
      file: ExportFile,
      opts: ExportImportOptions = {},
      hooks: ExportImportHooks = {},
    ): Promise<ExportSummary> {
      const run = begin(actor, file, opts, 'wordpress', wordpressPicturePaths);
      let channel: WxrChannel = { title: '', link: '', baseUrl: '', authors: new Map() };
      const attachments = new Map<string, WxrAttachment>();
      const byAddress = new Map<string, WxrAttachment>();
      let total = 0;
      const reading = (bytes: number) => hooks.progress?.({ phase: 'reading', bytes, totalBytes: file.size });
      for await (const event of readWxr(bytesOf(run, reading)())) {
        if (event.kind === 'channel') channel = event.channel;
        else {
          const attachment = attachmentOf(event.item);
          if (attachment) {
            attachments.set(event.item.postId, attachment);
            if (attachment.url) byAddress.set(attachment.url.replace(/^https?:/, ''), attachment);
          } else total++;
        }
      }
      run.describe = (src) => {
        // A body picture names a size WordPress made; its attachment names the upload.
        const key = src.replace(/^https?:/, '');
        return byAddress.get(key) ?? byAddress.get(key.replace(/-\d+x\d+(?=\.[a-z0-9]+$)/i, '')) ?? null;
      };
      const context = { channel, attachments, section: opts.section ?? null };
      let done = 0;
      hooks.progress?.({ phase: 'importing', done, total });
      for await (const event of readWxr(bytesOf(run)())) {
        if (event.kind !== 'item' || event.item.postType === 'attachment') continue;
        record(run, hooks, await importPost(run, wordpressPost(event.item, context)));
        hooks.progress?.({ phase: 'importing', done: ++done, total });
      }
      return run.summary;
    },

    /**
     * Imports a Ghost JSON export. Its posts come before the tables that say who wrote them
     * and how they are tagged, so the file is read twice, as a stream: first for those small
     * tables (and to count the posts), then one post at a time. Malformed JSON stops the first
     * reading, with its line and column, before anything is written.
     */
    async importGhost(
      actor: Actor,
      file: ExportFile,
      opts: ExportImportOptions = {},
      hooks: ExportImportHooks = {},
    ): Promise<ExportSummary> {
      const run = begin(actor, file, opts, 'ghost', ghostPicturePaths);
      const relations = emptyRelations();
      const counts = new Map<string, number>();
      const reading = (bytes: number) => hooks.progress?.({ phase: 'reading', bytes, totalBytes: file.size });
      for await (const row of readGhostRows(bytesOf(run, reading), RELATION_TABLES, counts))
        addRelation(relations, row.collection, row.value);
      const total = counts.get('posts') ?? 0;
      let done = 0;
      hooks.progress?.({ phase: 'importing', done, total });
      for await (const row of readGhostRows(bytesOf(run), new Set(['posts']))) {
        record(run, hooks, await importPost(run, ghostPost(row.value, relations, { section: opts.section ?? null })));
        hooks.progress?.({ phase: 'importing', done: ++done, total });
      }
      return run.summary;
    },
  };
}

export type ExportImporter = ReturnType<typeof createExportImporter>;
