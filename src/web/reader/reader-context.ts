import type { NamedLink } from '../../domain/articles/index.js';
import { sectionPath } from '../../domain/articles/index.js';
import type { Site } from '../../domain/site/index.js';
import type { Services } from '../../services.js';

/** What every reader page needs besides its own content. */
export interface Chrome {
  site: Site;
  sections: NamedLink[];
  stylesheet: string;
  siteUrl: string;
}

export interface ReaderDeps {
  services: Services;
  siteUrl: string;
  stylesheet: string;
}

/** Loads the page chrome: site settings (cached in the service) and the section navigation. */
export async function loadChrome(deps: ReaderDeps): Promise<Chrome> {
  const [site, sections] = await Promise.all([deps.services.site.getSite(), deps.services.taxonomy.listSections()]);
  return {
    site,
    sections: sections.map((s) => ({ name: s.name, slug: s.slug, path: sectionPath(s.slug) })),
    stylesheet: deps.stylesheet,
    siteUrl: deps.siteUrl,
  };
}

/** Reads `?page=N`: a whole number from 1; anything else is null (the route answers 404). */
export function pageNumber(query: unknown): number | null {
  const raw = (query as Record<string, unknown> | undefined)?.page;
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,5}$/.test(raw)) return null;
  return Number(raw);
}

/** The URL of page `n` of a listing at `path` (page 1 has no query). */
export const pageUrl = (path: string, n: number) => (n <= 1 ? path : `${path}?page=${n}`);
