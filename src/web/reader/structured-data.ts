import { largestOf } from '../../domain/media/index.js';
import type { Chrome } from './reader-context.js';

/** Shown by link previews when an article has no hero image. */
export const DEFAULT_IMAGE = '/assets/og-default.png';

/** An absolute URL for a site path (or the URL itself when already absolute). */
export const absolute = (chrome: Chrome, pathOrUrl: string) => (/^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : chrome.siteUrl + pathOrUrl);

/** The outlet as schema.org publisher, with its logo (the library's, in its own format, which search engines read). */
export function publisherLd(chrome: Chrome) {
  const own = chrome.logo?.full ? largestOf(chrome.logo.full) : null;
  return {
    '@type': 'NewsMediaOrganization',
    name: chrome.site.outletName,
    url: absolute(chrome, '/'),
    logo: own
      ? { '@type': 'ImageObject', url: absolute(chrome, own.url), width: own.width, height: own.height }
      : { '@type': 'ImageObject', url: absolute(chrome, '/assets/logo.png') },
  };
}

/** A schema.org BreadcrumbList from the home page down to `trail`'s last item. */
export function breadcrumbs(chrome: Chrome, trail: Array<{ name: string; path: string }>) {
  const items = [{ name: chrome.site.outletName, path: '/' }, ...trail];
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, i) => ({ '@type': 'ListItem', position: i + 1, name: item.name, item: absolute(chrome, item.path) })),
  };
}
