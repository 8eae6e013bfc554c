import type { ArticleCard } from '../articles/index.js';

/** A story as a newsletter shows it. */
export interface EditionStory {
  id: string;
  url: string;
  headline: string;
  standfirst: string;
  sectionId: string;
  section: string;
  publishedAt: string;
  /** A picture mail clients show (JPEG, PNG or GIF, about 600 px wide), with its alt text; null when the story has none. */
  image: { url: string; alt: string; width: number; height: number } | null;
}

/**
 * What one issue can hold: its lead, the stories published in its window (newest first), and
 * which of them carry each followed topic. Built once per send; each recipient's digest is a
 * selection from it (`digestFor`), so a send of 100,000 reads the archive a handful of times.
 */
export interface Edition {
  lead: EditionStory | null;
  stories: EditionStory[];
  sections: Array<{ id: string; name: string }>;
  /** Story ids by topic id, for the topics any recipient follows. */
  byTopic: Map<string, string[]>;
  topicNames: Map<string, string>;
}

/** The choices a digest follows (a recipient's, as snapshotted). */
export interface DigestChoices {
  /** Section ids; empty for every section. */
  sections: string[];
  topics: string[];
  /** True when followed topics come as alerts rather than in the digest. */
  topicAlerts: boolean;
}

/** One recipient's digest: blocks of stories under a heading. */
export interface Digest {
  lead: EditionStory | null;
  blocks: Array<{ heading: string; stories: EditionStory[] }>;
}

/** Stories per section block, and in the "topics you follow" block. */
const PER_SECTION = 5;
const PER_TOPICS = 8;

export const toEditionStory = (siteUrl: string, c: ArticleCard): EditionStory => ({
  id: c.id,
  url: siteUrl + c.path,
  headline: c.headline,
  standfirst: c.standfirst,
  sectionId: c.sectionId,
  section: c.section.name,
  publishedAt: c.publishedAt,
  image: emailImage(siteUrl, c.hero),
});

/** Mail clients show JPEG, PNG and GIF, not AVIF or WebP: the library's original-format size nearest 1,200 px (600 at 2×). */
function emailImage(siteUrl: string, hero: ArticleCard['hero']): EditionStory['image'] {
  if (!hero) return null;
  const absolute = (url: string) => (url.startsWith('/') ? siteUrl + url : url);
  const sizes = (hero.picture?.variants ?? []).filter((v) => /^image\/(jpeg|png|gif)$/.test(v.type));
  if (sizes.length) {
    const best = sizes.reduce((a, b) => (Math.abs(b.width - 1200) < Math.abs(a.width - 1200) ? b : a));
    return { url: absolute(best.url), alt: hero.alt, width: best.width, height: best.height };
  }
  if (!hero.picture && /\.(jpe?g|png|gif)(\?|$)/i.test(hero.url) && /^(https:|\/)/.test(hero.url))
    return { url: absolute(hero.url), alt: hero.alt, width: 1200, height: 675 };
  return null;
}

/** A recipient's digest: the lead, their sections' latest, then stories on topics they follow found nowhere above. */
export function digestFor(edition: Edition, choices: DigestChoices): Digest {
  const shown = new Set<string>(edition.lead ? [edition.lead.id] : []);
  const wanted = choices.sections.length ? new Set(choices.sections) : null;
  const blocks: Digest['blocks'] = [];
  for (const section of edition.sections) {
    if (wanted && !wanted.has(section.id)) continue;
    const stories = edition.stories.filter((s) => s.sectionId === section.id && !shown.has(s.id)).slice(0, PER_SECTION);
    if (!stories.length) continue;
    for (const s of stories) shown.add(s.id);
    blocks.push({ heading: section.name, stories });
  }
  if (!choices.topicAlerts && choices.topics.length) {
    const ids = new Set(choices.topics.flatMap((t) => edition.byTopic.get(t) ?? []));
    const stories = edition.stories.filter((s) => ids.has(s.id) && !shown.has(s.id)).slice(0, PER_TOPICS);
    const names = choices.topics.map((t) => edition.topicNames.get(t)).filter((n): n is string => Boolean(n));
    if (stories.length) blocks.push({ heading: `Topics you follow: ${names.join(', ')}`, stories });
  }
  return { lead: edition.lead, blocks };
}

/** A key for a set of choices: recipients who share it get the same digest, rendered once. */
export const choicesKey = (c: DigestChoices): string => `${c.sections.join(',')}|${c.topics.join(',')}|${c.topicAlerts ? 1 : 0}`;
