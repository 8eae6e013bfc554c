import { z } from 'zod';
import { linkTarget } from '../../kernel/validation.js';
import { TOPIC_KINDS } from '../taxonomy/index.js';

const line = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, 'is required').max(max, `may be at most ${max} characters`));

export const heroImageSchema = z.object({
  url: linkTarget,
  alt: z.string().trim().max(300),
  caption: z.string().trim().max(500).default(''),
  credit: z.string().trim().max(200).default(''),
});

export const pullQuoteSchema = z.object({ text: line(2000), speaker: line(200) });

export const topicRefSchema = z.union([
  line(200),
  z.object({ name: line(200), kind: z.enum(TOPIC_KINDS as [string, ...string[]]).optional() }),
]);

/** One schema for an article from any door: newsroom form, API or importer. */
export const articleInputSchema = z.object({
  section: line(100),
  kicker: z.string().trim().max(60).nullish(),
  headline: line(300),
  standfirst: z
    .string()
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(z.string().max(1000)),
  // Imported pages may be 5 MB; escaping Markdown can double their length.
  bodyMarkdown: z.string().max(12_000_000, 'is too long (the limit is about 5 MB of text)'),
  byline: z.string().trim().max(200).nullish(),
  authors: z.array(line(200)).max(10).default([]),
  topics: z.array(topicRefSchema).max(50).default([]),
  series: z.string().trim().max(200).nullish(),
  hero: heroImageSchema.nullish(),
  /** A picture from the media library as the hero (its alt text must be written before publication). */
  heroMediaId: z.string().trim().max(100).nullish(),
  /** This article's caption for its library hero, when it should differ from the picture's own. */
  heroCaption: z.string().trim().max(500).nullish(),
  pullQuotes: z.array(pullQuoteSchema).max(100, 'may hold at most 100 quotes').default([]),
  // Teasers: headlines printed under "More stories"; each links once an article with that headline is published.
  teasers: z.array(line(300)).max(20).default([]),
  status: z.enum(['draft', 'published']).default('draft'),
  publishedAt: z.string().datetime({ offset: true }).nullish(),
  /** For search results and link previews, when they should say something other than the headline and standfirst. */
  seoTitle: z.string().trim().max(120, 'may be at most 120 characters').nullish(),
  seoDescription: z.string().trim().max(300, 'may be at most 300 characters').nullish(),
  /** Not published before this time, by any door (ISO-8601 with an offset). */
  embargoUntil: z.string().datetime({ offset: true, error: 'must be a date and time' }).nullish(),
  importKey: z.string().max(200).nullish(),
  /** The version the edit was based on: a save against a newer one is refused (VERSION_CONFLICT). */
  baseVersion: z.number().int().positive().optional(),
  importSource: z.string().max(500).nullish(),
});

export type ArticleInput = z.input<typeof articleInputSchema>;
export type ParsedArticleInput = z.output<typeof articleInputSchema>;

/** What an editor tells the writer when sending a draft back. */
export const reviewNoteSchema = z
  .string({ error: 'Write a note for the writer.' })
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'Write a note for the writer.').max(2000, 'A note may be at most 2,000 characters.'));

/** When to publish a scheduled article: a date and time with its offset. */
export const scheduleTimeSchema = z
  .string({ error: 'Give a date and time to publish at.' })
  .datetime({ offset: true, error: 'Give a date and time to publish at.' });

/** A correction or update note: plain text, shown as written. */
export const articleNoteSchema = z.object({
  kind: z.enum(['correction', 'update'], { error: 'Choose correction or update.' }),
  body: z
    .string({ error: 'Write the note readers will see.' })
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, 'Write the note readers will see.').max(2000, 'A note may be at most 2,000 characters.')),
});
