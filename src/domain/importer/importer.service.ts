import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { invalid, isAppError, type ErrorCode } from '../../kernel/errors.js';
import { nameKey } from '../../kernel/slugs.js';
import type { TaxonomyService } from '../taxonomy/index.js';
import type { TopicSuggestionService } from '../suggestions/index.js';
import type { Logger } from '../../kernel/logger.js';
import { assertCan, can, type Actor } from '../access/index.js';
import type { ArticleService, ArticleStatus } from '../articles/index.js';
import { bodyToMarkdown, decodePageFile, parsePage, splitSeries } from './page-parser.js';

/** A page to import: where it came from (for messages) and its raw bytes. */
export interface PageSource {
  file: string;
  bytes: Uint8Array;
}

/** What an editor (or the demo manifest) adds to what the page itself says. */
export interface ImportExtras {
  authors?: string[];
  topics?: string[];
  publishedAt?: string;
  hero?: { url: string; alt: string; caption?: string; credit?: string } | null;
  /** A library picture as the hero (instead of `hero`'s address). */
  heroMediaId?: string | null;
  /** Publish new articles (default: when the actor may publish) or keep them as drafts. */
  publish?: boolean;
  /**
   * Create a section a page names that does not exist yet. Off by default: a typo in a section
   * line ("Navvy") would otherwise put a new public section in the main navigation.
   */
  createSections?: boolean;
}

/** One file's outcome, in the shape `despatch import --json` prints. */
export type ImportResult =
  | {
      file: string;
      ok: true;
      id: string;
      url: string;
      /** True when this page (or an earlier version of it) had been imported before. */
      existing: boolean;
      /** True when an earlier version was found and its content replaced by this page's. */
      updated: boolean;
      /** Whether the article is live: new imports publish unless asked for drafts (a contributor's always are). */
      status: ArticleStatus;
      section: string;
      headline: string;
      standfirst: string;
      series: string | null;
      topics: string[];
      quotes: Array<{ text: string; speaker: string }>;
      paragraphs: number;
      /** The outlet's topics the page names but does not list, for an editor to add. */
      suggestedTopics: string[];
      /** People, places and organisations it names that are not topics yet. */
      proposedTopics: Array<{ name: string; kind: string }>;
    }
  | { file: string; ok: false; error: string; code: ErrorCode };

/** Most pull quotes kept from one page; a page with more keeps the first ones. */
export const MAX_IMPORTED_QUOTES = 100;
/** Longer quotations stay in the body but are not pull quotes. */
const MAX_QUOTE_LENGTH = 2000;

/** Turns pages in the seed's text shape into articles (published, or drafts), one file at a time. */
/** Levenshtein distance: how many letters to add, drop or change to turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

export function createImporterService(deps: {
  articles: ArticleService;
  siteUrl: string;
  /** Where unexpected failures are logged (the file's result only says that one happened). */
  log: Logger;
  taxonomy: Pick<TaxonomyService, 'listSections'>;
  /** Topic suggestions, reported with each page (never added by themselves: an editor decides). */
  suggestions: Pick<TopicSuggestionService, 'suggestTopics'>;
}) {
  /** Refuses a section line that names no section, suggesting the nearest name when it looks like a typo. */
  async function assertSectionExists(name: string): Promise<void> {
    const sections = await deps.taxonomy.listSections();
    if (sections.some((s) => nameKey(s.name) === nameKey(name))) return;
    const near = sections
      .map((s) => ({ name: s.name, distance: editDistance(nameKey(s.name), nameKey(name)) }))
      .filter((s) => s.distance <= 2)
      .sort((a, b) => a.distance - b.distance)[0];
    const known = sections.map((s) => s.name).join(', ');
    throw invalid(
      'UNKNOWN_SECTION',
      `No section is called "${name}".${near ? ` Did you mean "${near.name}"?` : ''} ${known ? `The sections are ${known}. ` : ''}Correct the section line, or import with --create-sections to create it.`,
      { section: 'names no section' },
    );
  }

  async function importOne(actor: Actor, source: PageSource, extras: ImportExtras = {}): Promise<ImportResult> {
    try {
      assertCan(actor, 'article.import');
      const publish = extras.publish ?? can(actor, 'article.publish');
      if (publish) assertCan(actor, 'article.publish');
      const text = decodePageFile(source.bytes);
      const page = parsePage(text);
      // The fingerprint ignores line endings and edge whitespace, so a re-saved file still matches.
      const importKey = 'page:' + createHash('sha256').update(text.replace(/\r\n?/g, '\n').trim()).digest('hex');
      const topics = [...new Set([...page.topics, ...(extras.topics ?? [])])];
      const summary = {
        section: page.section,
        headline: page.headline,
        standfirst: page.standfirst,
        series: page.series,
        topics,
        quotes: page.quotes
          .filter((q) => q.text.length <= MAX_QUOTE_LENGTH && q.speaker.length <= 200)
          .slice(0, MAX_IMPORTED_QUOTES)
          .map((q) => ({ text: q.text, speaker: q.speaker })),
        paragraphs: page.paragraphs.length,
      };
      const fromPage = {
        section: page.section,
        headline: page.headline,
        standfirst: page.standfirst,
        bodyMarkdown: bodyToMarkdown(page.paragraphs),
        series: page.series,
        topics,
        pullQuotes: summary.quotes,
        // Teasers link by headline; a series teaser names its episode after the bar.
        teasers: page.teasers.map((t) => splitSeries(t).headline),
        importKey,
        importSource: basename(source.file),
      };
      let same = await deps.articles.findByImportKey(importKey);
      // An edited page (a typo fixed, a paragraph added) updates the article it came from.
      const earlier = same ? null : await deps.articles.findImportedVersion(fromPage.importSource, page.section, page.headline);
      let ref;
      if (same) ref = same;
      else if (earlier) {
        const current = await deps.articles.getForEdit(earlier.id);
        ref = await deps.articles.updateArticle(actor, earlier.id, {
          ...current,
          // Two imports of the same edited page carry the same text: the later one simply wins.
          baseVersion: undefined,
          ...fromPage,
          // What the page does not say is kept: topics and series set by an editor, authors, hero.
          topics: topics.length > 0 ? topics : current.topics,
          series: page.series ?? current.series,
          ...(extras.authors ? { authors: extras.authors } : {}),
          ...(extras.hero !== undefined ? { hero: extras.hero } : {}),
          ...(extras.heroMediaId !== undefined ? { heroMediaId: extras.heroMediaId } : {}),
        });
      } else {
        if (!extras.createSections) await assertSectionExists(page.section);
        try {
          ref = await deps.articles.createArticle(actor, {
            ...fromPage,
            authors: extras.authors ?? [],
            hero: extras.hero ?? null,
            heroMediaId: extras.heroMediaId ?? null,
            status: publish ? 'published' : 'draft',
            publishedAt: publish ? (extras.publishedAt ?? null) : null,
          });
        } catch (err) {
          // Another import of the same page committed first: this page is imported, as theirs.
          if (!isAppError(err) || err.code !== 'ALREADY_IMPORTED') throw err;
          same = await deps.articles.findByImportKey(importKey);
          if (!same) throw err;
          ref = same;
        }
      }
      const suggested = await deps.suggestions.suggestTopics(fromPage.bodyMarkdown, {
        headline: page.headline,
        standfirst: page.standfirst,
      });
      const listed = new Set(topics.map((t) => nameKey(t)));
      return {
        file: source.file,
        ok: true,
        id: ref.id,
        url: deps.siteUrl + ref.path,
        existing: same !== null || earlier !== null,
        updated: earlier !== null,
        status: ref.status,
        ...summary,
        suggestedTopics: suggested.existing.filter((t) => !listed.has(nameKey(t.name))).map((t) => t.name),
        proposedTopics: suggested.proposed.map((t) => ({ name: t.name, kind: t.kind })),
      };
    } catch (err) {
      if (isAppError(err)) return { file: source.file, ok: false, error: err.message, code: err.code };
      // An unexpected failure still belongs to this file alone: report it and let the batch go on.
      deps.log.error({ err, file: source.file }, `import of ${source.file} failed`);
      return {
        file: source.file,
        ok: false,
        code: 'IMPORT_FAILED',
        error: 'This file could not be imported because of an internal error; nothing was written.',
      };
    }
  }

  return {
    /** Imports one page as `actor` (editors, admins, the system); a bad page reports its error and writes nothing. */
    importPage: importOne,

    /** Imports pages in order; each file's failure is reported and the others still import. */
    async importPages(actor: Actor, sources: PageSource[], extras: ImportExtras = {}): Promise<ImportResult[]> {
      const results: ImportResult[] = [];
      for (const source of sources) results.push(await importOne(actor, source, extras));
      return results;
    },
  };
}

export type ImporterService = ReturnType<typeof createImporterService>;
