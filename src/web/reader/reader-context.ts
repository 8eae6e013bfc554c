import type { FastifyReply, FastifyRequest } from 'fastify';
import type { NamedLink } from '../../domain/articles/index.js';
import { notFound } from '../../kernel/errors.js';
import { movedPermanently } from '../redirect.js';
import { sectionPath } from '../../domain/articles/index.js';
import type { Site } from '../../domain/site/index.js';
import type { LibraryPicture } from '../../domain/media/index.js';
import type { Services } from '../../services.js';

/** What every reader page needs besides its own content. */
export interface Chrome {
  site: Site;
  /** The outlet's logo from the media library; the name is set in type when there is none. */
  logo: LibraryPicture | null;
  sections: NamedLink[];
  stylesheet: string;
  /** The headline font's URL, preloaded. */
  headlineFont: string;
  siteUrl: string;
  /** When the page is rendered (the app's clock): cards say "Today, 09:30" for today's stories. */
  now: string;
}

export interface ReaderDeps {
  services: Services;
  siteUrl: string;
  stylesheet: string;
  headlineFont: string;
}

/** Loads the page chrome: site settings (cached in the service) and the section navigation. */
export async function loadChrome(deps: ReaderDeps): Promise<Chrome> {
  const site = await deps.services.site.getSite();
  const [sections, logos] = await Promise.all([
    deps.services.taxonomy.listSections(),
    deps.services.media.pictures(site.logoMediaId ? [site.logoMediaId] : [], { full: true, crops: [] }),
  ]);
  return {
    site,
    logo: (site.logoMediaId && logos.get(site.logoMediaId)) || null,
    sections: sections.map((s) => ({ name: s.name, slug: s.slug, path: sectionPath(s.slug) })),
    stylesheet: deps.stylesheet,
    headlineFont: deps.headlineFont,
    siteUrl: deps.siteUrl,
    now: deps.services.clock.now().toISOString(),
  };
}

/** The chrome an error page falls back to when the database cannot be read: the outlet's address, no navigation. */
export function fallbackChrome(deps: ReaderDeps): Chrome {
  return {
    site: {
      outletName: new URL(deps.siteUrl).hostname,
      tagline: '',
      description: '',
      requireAdminTwoFactor: false,
      logoMediaId: null,
      feedContent: 'full',
      channels: [],
      footerLinks: [],
      pages: [],
    },
    logo: null,
    sections: [],
    stylesheet: deps.stylesheet,
    headlineFont: deps.headlineFont,
    siteUrl: deps.siteUrl,
    now: new Date().toISOString(),
  };
}

/** Reads `?page=N`: a whole number from 1; anything else is null (the route answers 404). */
export function pageNumber(query: unknown): number | null {
  const raw = (query as Record<string, unknown> | undefined)?.page;
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,5}$/.test(raw)) return null;
  return Number(raw);
}

/**
 * One page of a listing for `?page=N`: 404 for a malformed number or a page past the end
 * (page 1 of an empty listing is a page, saying there is nothing yet).
 */
export async function listingPage<T extends { items: unknown[] }>(query: unknown, list: (page: number) => Promise<T>): Promise<T> {
  const page = pageNumber(query);
  if (page === null) throw notFound('PAGE_NOT_FOUND', 'There is no such page.');
  const result = await list(page);
  if (page > 1 && result.items.length === 0) throw notFound('PAGE_NOT_FOUND', 'There is no such page.');
  return result;
}

/** The URL of page `n` of a listing at `path` (page 1 has no query). */
export const pageUrl = (path: string, n: number) => (n <= 1 ? path : `${path}?page=${n}`);

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A slug from the URL, or 404 before any query: slugs are lower-case words and hyphens only. */
export function slugParam(value: string): string {
  if (value.length > 200 || !SLUG.test(value)) throw notFound('PAGE_NOT_FOUND', 'We could not find that page.');
  return value;
}

/**
 * Sends a 301 to `path` (keeping ?page) when the request spelt it differently, e.g. with
 * percent-encoded letters or another section; returns true when it did. Pages are cached and
 * indexed under one address only.
 */
export function redirectToCanonical(request: FastifyRequest, reply: FastifyReply, path: string, page = 1): boolean {
  const requested = request.url.split('?')[0];
  if (requested === path) return false;
  void movedPermanently(reply, pageUrl(path, page));
  return true;
}
