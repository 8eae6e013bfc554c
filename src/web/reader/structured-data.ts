import type { Chrome } from './reader-context.js';

/** Shown by link previews when an article has no hero image. */
export const DEFAULT_IMAGE = '/assets/og-default.png';

/** An absolute URL for a site path (or the URL itself when already absolute). */
export const absolute = (chrome: Chrome, pathOrUrl: string) => (/^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : chrome.siteUrl + pathOrUrl);

/** The outlet as schema.org publisher. */
export const publisherLd = (chrome: Chrome) => ({
  '@type': 'NewsMediaOrganization',
  name: chrome.site.outletName,
  url: absolute(chrome, '/'),
  logo: { '@type': 'ImageObject', url: absolute(chrome, '/assets/logo.png') },
});

/** A schema.org BreadcrumbList from the home page down to `trail`'s last item. */
export function breadcrumbs(chrome: Chrome, trail: Array<{ name: string; path: string }>) {
  const items = [{ name: chrome.site.outletName, path: '/' }, ...trail];
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, i) => ({ '@type': 'ListItem', position: i + 1, name: item.name, item: absolute(chrome, item.path) })),
  };
}
