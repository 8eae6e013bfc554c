/** The three feed formats, each at its own file name under a listing's address. */
export const FEED_FORMATS = {
  rss: { file: 'rss.xml', type: 'application/rss+xml; charset=utf-8', label: 'RSS' },
  atom: { file: 'atom.xml', type: 'application/atom+xml; charset=utf-8', label: 'Atom' },
  json: { file: 'feed.json', type: 'application/feed+json; charset=utf-8', label: 'JSON Feed' },
} as const;
export type FeedFormat = keyof typeof FEED_FORMATS;

/** Where a listing's feeds live: `/rss.xml` for the site, `/army/rss.xml` for a section … */
export const feedPath = (listingPath: string, format: FeedFormat) =>
  `${listingPath === '/' ? '' : listingPath}/${FEED_FORMATS[format].file}`;
