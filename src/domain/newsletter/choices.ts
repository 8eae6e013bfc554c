import { z } from 'zod';
import type { Executor } from '../../db/schema.js';
import { invalid } from '../../kernel/errors.js';
import type { Frequency } from './subscribers.table.js';

/** A form sends one value as a string and several as an array; both mean a list. */
const slugList = z
  .union([z.string(), z.array(z.string())])
  .nullish()
  .transform((v) => [...new Set((v == null ? [] : Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(200)).max(100, 'Choose at most 100.'));

/** What a subscriber chooses to receive, as a form sends it (slugs, not ids). */
export const choicesSchema = z.object({
  sections: slugList,
  topics: slugList,
  frequency: z.enum(['daily', 'weekly'], { error: 'Choose daily or weekly.' }).default('daily'),
  /** For followed topics: `alert` (an email when one gets a story, at most hourly) or `digest`. */
  topicAlerts: z.enum(['alert', 'digest'], { error: 'Choose alerts or the digest for followed topics.' }).default('digest'),
});
export type ChoicesInput = z.input<typeof choicesSchema>;

/** Choices with the sections and topics found: what is stored and what the emails describe. */
export interface Choices {
  sections: Array<{ id: string; name: string }>;
  topics: Array<{ id: string; name: string }>;
  frequency: Frequency;
  topicAlerts: boolean;
}

/** Finds the sections and topics a form named; an unknown one is the reader's error, named. */
export async function resolveChoices(db: Executor, input: z.output<typeof choicesSchema>): Promise<Choices> {
  const sections = input.sections.length
    ? await db
        .selectFrom('sections')
        .select(['section_id as id', 'name', 'slug'])
        .where('slug', 'in', input.sections)
        .orderBy('position')
        .execute()
    : [];
  const topics = input.topics.length
    ? await db.selectFrom('topics').select(['topic_id as id', 'name', 'slug']).where('slug', 'in', input.topics).orderBy('name').execute()
    : [];
  const missingSection = input.sections.find((s) => !sections.some((x) => x.slug === s));
  if (missingSection)
    throw invalid('VALIDATION_FAILED', 'One of the sections chosen no longer exists.', {
      sections: 'One of the sections chosen no longer exists; choose again.',
    });
  const missingTopic = input.topics.find((s) => !topics.some((x) => x.slug === s));
  if (missingTopic)
    throw invalid('VALIDATION_FAILED', 'One of the topics chosen no longer exists.', {
      topics: 'One of the topics chosen no longer exists; choose again.',
    });
  return {
    sections: sections.map(({ id, name }) => ({ id, name })),
    topics: topics.map(({ id, name }) => ({ id, name })),
    frequency: input.frequency,
    topicAlerts: input.topicAlerts === 'alert',
  };
}

/** The choices in words, one line each: what the emails and the consent record say. */
export function describeChoices(c: Choices): string[] {
  const lines = [c.frequency === 'daily' ? 'The daily newsletter.' : 'The weekly newsletter.'];
  lines.push(c.sections.length ? `Sections: ${c.sections.map((s) => s.name).join(', ')}.` : 'Sections: all of them.');
  if (c.topics.length) {
    const names = c.topics.map((t) => t.name).join(', ');
    lines.push(
      c.topicAlerts
        ? `Topics you follow: ${names}, with an email when one has a new story (at most one an hour).`
        : `Topics you follow: ${names}, in your digest.`,
    );
  }
  return lines;
}

/** The words a sign-up agrees to; kept in the consent record with the choices. */
export const SIGN_UP_WORDING =
  'I would like to receive the newsletter at this address. I can change what I receive, pause it or unsubscribe at any time from the link in every email.';

/** Choices as stored in a "change" link, by id (names are read again when it is used). */
export const storedChoicesSchema = z.object({
  sectionIds: z.array(z.string()),
  topicIds: z.array(z.string()),
  frequency: z.enum(['daily', 'weekly']),
  topicAlerts: z.boolean(),
});
export type StoredChoices = z.infer<typeof storedChoicesSchema>;

export const storeChoices = (c: Choices): StoredChoices => ({
  sectionIds: c.sections.map((s) => s.id),
  topicIds: c.topics.map((t) => t.id),
  frequency: c.frequency,
  topicAlerts: c.topicAlerts,
});
