/**
 * One suggestion, without I/O: the article's text put together, the outlet's topics matched in
 * it, and (given compromise's findings) new topics proposed. The service adds the caching.
 */
import { findTopicMentions, summariseMentions, type ExistingTopicSuggestion, type TopicIndex } from './topic-matcher.js';
import { proposeTopics, type EntityMention, type ProposedTopic, type TextRegions } from './topic-proposals.js';
import { isTitleCase, plainBody, tokenize } from './topic-text.js';

/** What a suggestion reads besides the body. */
export interface SuggestOptions {
  headline?: string;
  standfirst?: string;
}

/** Topics for an article: the outlet's own it names, and new ones to create. */
export interface TopicSuggestions {
  existing: ExistingTopicSuggestion[];
  proposed: ProposedTopic[];
}

/** An article's words as one text, with where each part lies and what compromise should read. */
export interface ArticleText {
  text: string;
  regions: TextRegions;
  /** The part of `text` compromise reads: from the headline, or from the standfirst when the headline is in title case. */
  ner: [number, number];
}

/** Compromise reads at most this much of an article (a long read's first 5,000 words or so); the matcher reads it all. */
export const MAX_NER_CHARACTERS = 30_000;

/** The headline, standfirst and body (Markdown) as one text, separated by blank lines so no name spans two parts. */
export function articleText(body: string, opts: SuggestOptions = {}): ArticleText {
  const headline = (opts.headline ?? '').replace(/\s+/g, ' ').trim();
  const standfirst = (opts.standfirst ?? '').replace(/\s+/g, ' ').trim();
  const standfirstAt = headline.length + 2;
  const bodyAt = standfirstAt + standfirst.length + 2;
  const text = `${headline}\n\n${standfirst}\n\n${plainBody(body)}`;
  // A title-case headline capitalises every word, so its capitals tell compromise nothing.
  const nerFrom = isTitleCase(headline) ? standfirstAt : 0;
  let nerTo = Math.min(text.length, nerFrom + MAX_NER_CHARACTERS);
  if (nerTo < text.length) {
    const paragraph = text.lastIndexOf('\n\n', nerTo);
    if (paragraph > nerFrom) nerTo = paragraph;
  }
  return {
    text,
    regions: { headline: [0, headline.length], standfirst: [standfirstAt, standfirstAt + standfirst.length], body: [bodyAt, text.length] },
    ner: [nerFrom, nerTo],
  };
}

/**
 * The suggestion for an article's text: the index's topics it names, and, when compromise's
 * `entities` are given, the people, places and organisations to propose as new topics.
 */
export function suggestFrom(index: TopicIndex, article: ArticleText, entities: readonly EntityMention[] | null): TopicSuggestions {
  const tokens = tokenize(article.text);
  const mentions = findTopicMentions(index, tokens, article.text);
  const existing = summariseMentions(index, tokens, article.text, mentions);
  if (!entities) return { existing, proposed: [] };
  // Words the outlet's topics claimed are not counted again for a proposal ("State" in "Islamic State").
  const claimed = new Uint8Array(tokens.length);
  for (const m of mentions) claimed.fill(1, m.first, m.end);
  return { existing, proposed: proposeTopics(index, article.text, tokens, article.regions, entities, claimed) };
}
