import { z } from 'zod';
import { linkTarget } from '../../kernel/validation.js';
import { TOPIC_KINDS, type TopicKind } from './taxonomy.table.js';

const name = z
  .string({ error: 'is required' })
  .transform((s) => s.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'is required').max(200, 'may be at most 200 characters'));
const slug = z.string({ error: 'is required' }).trim().max(200, 'may be at most 200 characters');
const description = z.string().trim().max(2000, 'may be at most 2,000 characters').default('');

export const sectionEditSchema = z.object({
  name,
  slug,
  description,
  position: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0).max(10_000),
});

export const topicEditSchema = z.object({
  name,
  slug,
  kind: z.enum(TOPIC_KINDS as [TopicKind, ...TopicKind[]], { error: 'must be person, place, organisation or subject' }),
  description,
  aliases: z.array(name).max(50, 'may hold at most 50 names').default([]),
  /** A bare surname or acronym alone names it ("Putin", "NATO"); left out, it stays as it was. */
  distinctive: z.boolean({ error: 'must be yes or no' }).optional(),
});

export const seriesEditSchema = z.object({
  name,
  slug,
  description,
  channels: z
    .array(z.object({ name, url: linkTarget }))
    .max(20, 'may hold at most 20 channels')
    .default([]),
});

export type SectionEdit = z.input<typeof sectionEditSchema>;
export type TopicEdit = z.input<typeof topicEditSchema>;
export type SeriesEdit = z.input<typeof seriesEditSchema>;
