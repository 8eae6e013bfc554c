import type { ArticleInput, ParsedArticleInput } from '../../domain/articles/index.js';
import { fromUkLocal, toUkLocal } from '../../kernel/uk-time.js';

/**
 * The editor's form as posted and as shown again: field names are the glossary's words
 * (`section`, `kicker`, `headline`, `standfirst`, `body`, `topics` …), so a form is readable
 * and scriptable. Authors and topics are repeated fields (`topics=A&topics=B`; one value may
 * also hold several, one per line or separated by commas); quotes are numbered rows.
 */
export interface ArticleForm {
  section: string;
  kicker: string;
  headline: string;
  standfirst: string;
  body: string;
  byline: string;
  authors: string[];
  /** Names of topics; a name that is not yet a topic becomes one. */
  topics: string[];
  series: string;
  quotes: Array<{ text: string; speaker: string }>;
  /** A picture from the media library as the hero (its id), or empty. */
  heroMediaId: string;
  /** Alt text for a picture uploaded from the editor (it goes to the library with it). */
  heroUploadAlt: string;
  heroUrl: string;
  heroAlt: string;
  heroCaption: string;
  heroCredit: string;
  seoTitle: string;
  seoDescription: string;
  /** UK wall-clock time from a datetime-local input; empty for none. */
  embargo: string;
  /** The version the form was opened at (hidden). */
  version: string;
  /** Speakers typed beside suggested pull quotes that had none, by field name (`suggestedSpeaker-N`). */
  suggestedSpeakers: Record<string, string>;
}

/** How many empty rows (quotes, authors, topics) the form offers beyond those filled in. */
export const SPARE_QUOTE_ROWS = 2;
export const SPARE_NAME_ROWS = 3;
const MAX_QUOTE_ROWS = 100;
/** How many suggested pull quotes the editor lists (each may have a "Who said it?" field). */
export const SUGGESTED_QUOTE_ROWS = 8;
/** The name (and id) of the "Who said it?" field beside the suggested pull quote in row `i`. */
export const suggestedSpeakerField = (i: number) => `suggestedSpeaker-${i}`;

const text = (v: unknown) => (typeof v === 'string' ? v : '');
/** A repeated field's values, each possibly several names (one per line or separated by commas). */
const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v])
    .flatMap((x) => text(x).split(/[\n,]/))
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads a posted form (urlencoded fields by name). */
export function readArticleForm(body: Record<string, unknown>): ArticleForm {
  const quotes: ArticleForm['quotes'] = [];
  for (let i = 0; i < MAX_QUOTE_ROWS; i++) {
    const q = { text: text(body[`quoteText-${i}`]).trim(), speaker: text(body[`quoteSpeaker-${i}`]).trim() };
    if (q.text || q.speaker) quotes.push(q);
  }
  const suggestedSpeakers: Record<string, string> = {};
  for (let i = 0; i < SUGGESTED_QUOTE_ROWS; i++) {
    const speaker = text(body[suggestedSpeakerField(i)]).trim();
    if (speaker) suggestedSpeakers[suggestedSpeakerField(i)] = speaker;
  }
  return {
    section: text(body.section),
    kicker: text(body.kicker),
    headline: text(body.headline),
    standfirst: text(body.standfirst),
    body: text(body.body),
    byline: text(body.byline),
    authors: list(body.authors),
    topics: list(body.topics),
    series: text(body.series),
    quotes,
    heroMediaId: text(body.heroMediaId).trim(),
    heroUploadAlt: text(body.heroUploadAlt).trim(),
    heroUrl: text(body.heroUrl).trim(),
    heroAlt: text(body.heroAlt),
    heroCaption: text(body.heroCaption),
    heroCredit: text(body.heroCredit),
    seoTitle: text(body.seoTitle),
    seoDescription: text(body.seoDescription),
    embargo: text(body.embargo).trim(),
    version: text(body.version),
    suggestedSpeakers,
  };
}

/** The form as service input; an unreadable embargo time is reported as that field's error. */
export function articleInputOf(form: ArticleForm): { input: ArticleInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const embargo = form.embargo ? fromUkLocal(form.embargo) : null;
  if (form.embargo && !embargo) errors.embargo = 'Give the embargo as a date and time.';
  const version = Number(form.version);
  return {
    input: {
      section: form.section,
      kicker: form.kicker || null,
      headline: form.headline,
      standfirst: form.standfirst,
      bodyMarkdown: form.body,
      byline: form.byline || null,
      authors: form.authors,
      topics: form.topics,
      series: form.series || null,
      pullQuotes: form.quotes,
      // A library picture wins over an address; the caption field then words its caption for this article.
      heroMediaId: form.heroMediaId || null,
      heroCaption: form.heroMediaId ? form.heroCaption : null,
      hero:
        !form.heroMediaId && form.heroUrl
          ? { url: form.heroUrl, alt: form.heroAlt, caption: form.heroCaption, credit: form.heroCredit }
          : null,
      seoTitle: form.seoTitle || null,
      seoDescription: form.seoDescription || null,
      embargoUntil: embargo,
      ...(Number.isInteger(version) && version > 0 ? { baseVersion: version } : {}),
    },
    errors,
  };
}

/** An article's stored content as the form shows it. */
export function formOf(input: ParsedArticleInput): ArticleForm {
  return {
    section: input.section,
    kicker: input.kicker ?? '',
    headline: input.headline,
    standfirst: input.standfirst,
    body: input.bodyMarkdown,
    byline: input.byline ?? '',
    authors: input.authors,
    topics: input.topics.map((t) => (typeof t === 'string' ? t : t.name)),
    series: input.series ?? '',
    quotes: input.pullQuotes,
    heroMediaId: input.heroMediaId ?? '',
    heroUploadAlt: '',
    heroUrl: input.hero?.url ?? '',
    heroAlt: input.hero?.alt ?? '',
    heroCaption: (input.heroMediaId ? input.heroCaption : input.hero?.caption) ?? '',
    heroCredit: input.hero?.credit ?? '',
    seoTitle: input.seoTitle ?? '',
    seoDescription: input.seoDescription ?? '',
    embargo: input.embargoUntil ? toUkLocal(input.embargoUntil) : '',
    version: input.baseVersion ? String(input.baseVersion) : '',
    suggestedSpeakers: {},
  };
}

export const EMPTY_FORM: ArticleForm = {
  section: '',
  kicker: '',
  headline: '',
  standfirst: '',
  body: '',
  byline: '',
  authors: [],
  topics: [],
  series: '',
  quotes: [],
  heroMediaId: '',
  heroUploadAlt: '',
  heroUrl: '',
  heroAlt: '',
  heroCaption: '',
  heroCredit: '',
  seoTitle: '',
  seoDescription: '',
  embargo: '',
  version: '',
  suggestedSpeakers: {},
};

const FIELD_OF: Record<string, string> = {
  bodyMarkdown: 'body',
  embargoUntil: 'embargo',
  'hero.url': 'heroUrl',
  'hero.alt': 'heroAlt',
  'hero.caption': 'heroCaption',
  'hero.credit': 'heroCredit',
};

/** The service names fields by the input's shape (`pullQuotes.1.text`); the form by its inputs (`quoteText-1`). */
export function formErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const quote = /^pullQuotes\.(\d+)\.(text|speaker)$/.exec(path);
    const listItem = /^(authors|topics)\.(\d+)/.exec(path);
    const name = quote
      ? `${quote[2] === 'text' ? 'quoteText' : 'quoteSpeaker'}-${quote[1]}`
      : listItem
        ? `${listItem[1] === 'authors' ? 'author' : 'topic'}-${listItem[2]}`
        : (FIELD_OF[path] ?? path.split('.')[0]!);
    out[name] ??= message;
  }
  return out;
}

/** The labels the error summary links with, in the form's order (the first in error takes focus). */
export const FIELD_LABELS: Record<string, string> = {
  section: 'Section',
  kicker: 'Kicker',
  headline: 'Headline',
  standfirst: 'Standfirst',
  body: 'Body',
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`author-${i}`, `Author ${i + 1}`])),
  byline: 'Byline',
  ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`topic-${i}`, `Topic ${i + 1}`])),
  series: 'Series',
  ...Object.fromEntries(
    Array.from({ length: SUGGESTED_QUOTE_ROWS }, (_, i) => [suggestedSpeakerField(i), `Who said suggested pull quote ${i + 1}`]),
  ),
  heroMediaId: 'Hero picture',
  heroUpload: 'Upload a new picture',
  heroUrl: 'Hero image address',
  heroAlt: 'Hero image alt text',
  heroCaption: 'Caption',
  heroCredit: 'Credit',
  seoTitle: 'Search title',
  seoDescription: 'Search description',
  embargo: 'Embargo',
};

/** Kinds of topic the editor's "Create topic and add" buttons may make (a suggestion never proposes a subject). */
const PROPOSED_KINDS = ['person', 'place', 'organisation'] as const;

/**
 * What a suggestion's button asks for, besides saving the form: add one of the outlet's topics
 * (`add-topic:ID`), or create a proposed one and add it (`create-topic:kind=…&name=…&alias=…`).
 * The buttons are the editor form's own submit buttons (`name="intent"`), so one post saves
 * what was typed and adds the topic: no unsaved edit is lost.
 */
export type TopicIntent =
  | { add: string }
  | { create: { name: string; kind: (typeof PROPOSED_KINDS)[number]; alias: string | null } }
  /** A create-topic button whose value was not one the editor made. */
  | { unreadable: true };

/** The button value adding an existing topic. */
export const addTopicIntent = (topicId: string) => `add-topic:${topicId}`;

/** The button value creating a proposed topic (with its kind and alias) and adding it. */
export const createTopicIntent = (p: { name: string; kind: string; alias?: string | undefined }) =>
  `create-topic:${new URLSearchParams({ kind: p.kind, name: p.name, ...(p.alias ? { alias: p.alias } : {}) }).toString()}`;

/** The topic a posted `intent` asks for, or null when it asks for none (save, preview). */
export function readTopicIntent(intent: string): TopicIntent | null {
  if (intent.startsWith('add-topic:')) {
    const id = intent.slice('add-topic:'.length).trim();
    return id ? { add: id } : { unreadable: true };
  }
  if (!intent.startsWith('create-topic:')) return null;
  const q = new URLSearchParams(intent.slice('create-topic:'.length));
  const kind = q.get('kind') ?? '';
  const name = (q.get('name') ?? '').trim();
  if (!name || !(PROPOSED_KINDS as readonly string[]).includes(kind)) return { unreadable: true };
  return { create: { name, kind: kind as (typeof PROPOSED_KINDS)[number], alias: q.get('alias')?.trim() || null } };
}

/** The pull quote schema's limits (`pullQuoteSchema`): a button carrying more was not made by the editor. */
const MAX_QUOTE_TEXT = 2000;
export const MAX_SPEAKER = 200;

/**
 * What a suggested pull quote's button asks for, besides saving the form: add the quote with the
 * speaker found, or with the one typed in the field it names (`field`, a `suggestedSpeaker-N`)
 * when none was found. Like the topics' buttons, these are the editor form's own submit buttons.
 */
export type QuoteIntent =
  | { text: string; speaker: string }
  | { text: string; speakerField: string }
  /** A button whose value was not one the editor made. */
  | { unreadable: true };

/** The button value adding a suggested quote: with its speaker, or naming the field that will hold one. */
export const addQuoteIntent = (q: { text: string; speaker: string } | { text: string; speakerField: string }) =>
  `add-quote:${new URLSearchParams('speaker' in q ? { text: q.text, speaker: q.speaker } : { text: q.text, field: q.speakerField }).toString()}`;

const SPEAKER_FIELD = /^suggestedSpeaker-(\d{1,3})$/;

/** The quote a posted `intent` asks to add, or null when it asks for none. */
export function readQuoteIntent(intent: string): QuoteIntent | null {
  if (!intent.startsWith('add-quote:')) return null;
  const q = new URLSearchParams(intent.slice('add-quote:'.length));
  const quote = (q.get('text') ?? '').replace(/\s+/g, ' ').trim();
  if (!quote || quote.length > MAX_QUOTE_TEXT) return { unreadable: true };
  const speaker = q.get('speaker');
  if (speaker !== null) {
    const name = speaker.replace(/\s+/g, ' ').trim();
    return name && name.length <= MAX_SPEAKER ? { text: quote, speaker: name } : { unreadable: true };
  }
  // Only a field the editor draws may be named: anything else is not a speaker typed for this quote.
  const row = SPEAKER_FIELD.exec(q.get('field') ?? '');
  if (!row || Number(row[1]) >= SUGGESTED_QUOTE_ROWS) return { unreadable: true };
  return { text: quote, speakerField: suggestedSpeakerField(Number(row[1])) };
}
