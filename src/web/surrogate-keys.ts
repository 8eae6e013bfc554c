import type { FastifyReply } from 'fastify';

/**
 * What a page or feed shows, named for a CDN: `Surrogate-Key` (Fastly and others, space
 * separated) and `Cache-Tag` (Cloudflare, comma separated) carry the same keys, so a purge
 * of `article:ID` drops every cached answer that shows that story.
 *
 * - `site`: everything (the masthead, navigation and footer are on every page);
 * - `home`, `corrections`, `page:SLUG` (About, Contact …);
 * - `article:ID`, `section:ID`, `topic:ID`, `series:ID`, `author:ID`;
 * - `related:ID`: an article's "More stories" list (worked out again as neighbours are published).
 *
 * An article page is tagged with its section too: its "More stories" come from there.
 */
export type SurrogateKey =
  'site' | 'home' | 'corrections' | `${'page' | 'article' | 'related' | 'section' | 'topic' | 'series' | 'author'}:${string}`;

/**
 * Names what the answer shows; `site` is always among the keys. `listed` are the stories a
 * list on the page shows (cards, rails): the page cache tags the page with each
 * (`article:ID`), so a story's new headline, or its move to another section, drops every page
 * listing it. They stay out of the headers, where a front page's fifty would cost more bytes
 * than they save (a CDN has the pages' own `max-age`).
 */
export function tagAnswer(
  reply: FastifyReply,
  keys: SurrogateKey[],
  listed: Iterable<{ id: string }> = [],
  /** More of what the page shows, for the page cache only (kept out of the headers like `listed`). */
  alsoShows: SurrogateKey[] = [],
): FastifyReply {
  const all = ['site', ...keys.filter((k) => k !== 'site')];
  const tags = new Set<string>([...all, ...alsoShows]);
  for (const story of listed) tags.add(`article:${story.id}`);
  reply.pageTags = [...tags];
  return reply.header('surrogate-key', all.join(' ')).header('cache-tag', all.join(','));
}
