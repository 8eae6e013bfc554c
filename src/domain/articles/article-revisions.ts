import { diffWords } from 'diff';
import type { ParsedArticleInput } from './article.schemas.js';

/** What a revision keeps of an article: everything an editor can change in the form. */
export type RevisionSnapshot = Pick<
  ParsedArticleInput,
  | 'section'
  | 'kicker'
  | 'headline'
  | 'standfirst'
  | 'bodyMarkdown'
  | 'byline'
  | 'authors'
  | 'series'
  | 'hero'
  | 'heroMediaId'
  | 'heroCaption'
  | 'pullQuotes'
  | 'teasers'
  | 'embargoUntil'
  | 'seoTitle'
  | 'seoDescription'
> & { topics: string[] };

export function snapshotOf(input: ParsedArticleInput): RevisionSnapshot {
  return {
    section: input.section,
    kicker: input.kicker ?? null,
    headline: input.headline,
    standfirst: input.standfirst,
    bodyMarkdown: input.bodyMarkdown,
    byline: input.byline ?? null,
    authors: input.authors,
    topics: input.topics.map((t) => (typeof t === 'string' ? t : t.name)),
    series: input.series ?? null,
    hero: input.hero ?? null,
    heroMediaId: input.heroMediaId ?? null,
    heroCaption: input.heroCaption ?? null,
    pullQuotes: input.pullQuotes,
    teasers: input.teasers,
    embargoUntil: input.embargoUntil ?? null,
    seoTitle: input.seoTitle ?? null,
    seoDescription: input.seoDescription ?? null,
  };
}

/** A run of words that both versions share, or that only the newer (added) or older (removed) has. */
export interface DiffPart {
  text: string;
  change: 'same' | 'added' | 'removed';
}

/** One field of two revisions compared word by word. */
export interface FieldDiff {
  field: 'headline' | 'standfirst' | 'body' | 'topics';
  label: string;
  changed: boolean;
  parts: DiffPart[];
}

const FIELDS: Array<{ field: FieldDiff['field']; label: string; text: (s: RevisionSnapshot) => string }> = [
  { field: 'headline', label: 'Headline', text: (s) => s.headline },
  { field: 'standfirst', label: 'Standfirst', text: (s) => s.standfirst },
  { field: 'body', label: 'Body', text: (s) => s.bodyMarkdown },
  { field: 'topics', label: 'Topics', text: (s) => s.topics.join(', ') },
];

/** The word-level differences from `older` to `newer` in the fields an editor reads first. */
export function compareSnapshots(older: RevisionSnapshot, newer: RevisionSnapshot): FieldDiff[] {
  return FIELDS.map(({ field, label, text }) => {
    const parts: DiffPart[] = diffWords(text(older), text(newer)).map((c) => ({
      text: c.value,
      change: c.added ? 'added' : c.removed ? 'removed' : 'same',
    }));
    return { field, label, changed: parts.some((p) => p.change !== 'same'), parts };
  });
}
