/**
 * One suggestion, without I/O: the article's text put together, the outlet's topics matched in
 * it, and (given compromise) new topics proposed from what it finds around the names the outlet's
 * topics did not claim. The service adds the loading and the fallbacks.
 */
import { findEntitiesIn, nameWindows, type NameWindows } from './name-windows.js';
import { lexiconVerdict, type Nlp } from './name-finder.js';
import { findTopicMentions, summariseMentions, type ExistingTopicSuggestion, type TopicIndex, type TopicMention } from './topic-matcher.js';
import { proposeTopics, type ProposedTopic, type TextRegions } from './topic-proposals.js';
import { isTitleCase, plainBody, tokenize, type Token } from './topic-text.js';

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
 * The suggestion for an article's text: the index's topics it names, and, when compromise is
 * given, the people, places and organisations to propose as new topics, found by compromise in
 * the windows around the capitalised words the index's topics did not claim (`name-windows.ts`).
 */
export function suggestFor(index: TopicIndex, article: ArticleText, nlp: Nlp | null): TopicSuggestions {
  const tokens = tokenize(article.text);
  const mentions = findTopicMentions(index, tokens, article.text);
  const existing = summariseMentions(index, tokens, article.text, mentions);
  if (!nlp) return { existing, proposed: [] };
  const claimed = claimedBy(mentions, tokens.length);
  const entities = findEntitiesIn(nlp, windowsOf(nlp, article, tokens, claimed));
  return { existing, proposed: proposeTopics(index, article.text, tokens, article.regions, entities, claimed) };
}

/** What compromise reads of an article when the outlet has the index's topics (`bench/suggestions.ts` counts it). */
export function nameWindowsFor(index: TopicIndex, article: ArticleText, nlp: Nlp): NameWindows {
  const tokens = tokenize(article.text);
  return windowsOf(nlp, article, tokens, claimedBy(findTopicMentions(index, tokens, article.text), tokens.length));
}

/** The words the outlet's topics claimed: no new topic, and not counted again for one ("State" in "Islamic State"). */
function claimedBy(mentions: readonly TopicMention[], tokens: number): Uint8Array {
  const claimed = new Uint8Array(tokens);
  for (const m of mentions) claimed.fill(1, m.first, m.end);
  return claimed;
}

function windowsOf(nlp: Nlp, article: ArticleText, tokens: readonly Token[], claimed: Uint8Array): NameWindows {
  return nameWindows(article.text, tokens, claimed, article.ner, (key, opensSentence) => lexiconVerdict(nlp, key, opensSentence));
}
