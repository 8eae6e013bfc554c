/**
 * Factories: each builds one thing through the same services an editor uses, with defaults
 * that are unique per call, so a test arranges exactly what it needs and never depends on
 * rows another test made.
 */
import type { ArticleInput, ArticleRef } from '../src/domain/articles/index.js';
import type { Author } from '../src/domain/people/index.js';
import type { Section, Series, Topic, TopicKind } from '../src/domain/taxonomy/index.js';
import type { Role, StaffActor } from '../src/domain/access/index.js';
import type { DomainEvent } from '../src/kernel/events.js';
import type { Services } from '../src/services.js';

import { systemActor } from '../src/domain/access/index.js';

/** Who the factories act as: the system, which may do everything (tests of roles make their own actors). */
export const FACTORY = systemActor('test factory');

let counter = 0;
/** A name no other factory call in this process has used. */
const unique = (prefix: string) => `${prefix} ${++counter}`;

/** Anything that holds the services: a test app context or a service context. */
type HasServices = { services: Services };

export function aSection(ctx: HasServices, opts: { name?: string; description?: string } = {}): Promise<Section> {
  return ctx.services.taxonomy.ensureSection(FACTORY, opts.name ?? unique('Desk'), { description: opts.description ?? '' });
}

export function aTopic(ctx: HasServices, opts: { name?: string; kind?: TopicKind; aliases?: string[] } = {}): Promise<Topic> {
  return ctx.services.taxonomy.ensureTopic(FACTORY, opts.name ?? unique('Topic'), {
    ...(opts.kind ? { kind: opts.kind } : {}),
    ...(opts.aliases ? { aliases: opts.aliases } : {}),
  });
}

export function aSeries(ctx: HasServices, opts: { name?: string; description?: string } = {}): Promise<Series> {
  return ctx.services.taxonomy.ensureSeries(FACTORY, opts.name ?? unique('Programme'), { description: opts.description ?? '' });
}

export function anAuthor(ctx: HasServices, opts: { name?: string; role?: string; bio?: string } = {}): Promise<Author> {
  return ctx.services.authors.ensureAuthor(FACTORY, opts.name ?? unique('Reporter'), { role: opts.role ?? '', bio: opts.bio ?? '' });
}

/** What an article factory call may set; anything left out gets a plausible, unique value. */
export type ArticleOptions = Partial<Omit<ArticleInput, 'section' | 'series' | 'authors' | 'topics'>> & {
  section?: Section | string;
  series?: Series | string | null;
  authors?: Array<Author | string>;
  topics?: Array<Topic | string>;
};

/** An article (published unless told otherwise), in a section of its own unless one is given. */
export async function anArticle(ctx: HasServices, opts: ArticleOptions = {}): Promise<ArticleRef> {
  const name = (x: { name: string } | string) => (typeof x === 'string' ? x : x.name);
  const headline = opts.headline ?? unique('Reservists called up for winter exercise');
  const { section, series, authors, topics, ...rest } = opts;
  return ctx.services.articles.createArticle(FACTORY, {
    standfirst: `The ${headline.toLowerCase()} story in brief.`,
    bodyMarkdown: 'Troops from three regiments took part, the Ministry of Defence said.',
    status: 'published',
    ...rest,
    headline,
    section: section ? name(section) : unique('Desk'),
    series: series ? name(series) : null,
    authors: (authors ?? []).map(name),
    topics: (topics ?? []).map(name),
  });
}

/** A real staff account with `role` (named uniquely), as the actor the services see. */
export async function aStaffMember(ctx: HasServices, role: Role): Promise<StaffActor> {
  const name = unique(`Staff ${role}`);
  const email = `${name.replace(/\W+/g, '.').toLowerCase()}.${process.pid}@garrison.example`;
  await ctx.services.staff.createUser(FACTORY, { email, name, role });
  return ctx.services.staff.actAs(email);
}

/**
 * Runs `work`, returning the domain events it caused (after commit). `related.updated`, which
 * a publication sets off when it reworks its neighbours' "More stories", is left out: it
 * follows from the others (its own tests are in test/related-stories.test.ts).
 */
export async function eventsOf(ctx: HasServices, work: () => Promise<unknown>): Promise<DomainEvent[]> {
  const seen: DomainEvent[] = [];
  const stop = ctx.services.events.on((event) => void (event.type !== 'related.updated' && seen.push(event)));
  try {
    await work();
  } finally {
    stop();
  }
  return seen;
}
