export { createTopicSuggestions } from './topic-suggestions.service.js';
export type { TopicSuggestionService } from './topic-suggestions.service.js';
export { articleText, nameWindowsFor, suggestFor, MAX_NER_CHARACTERS } from './suggest.js';
export type { ArticleText, SuggestOptions, TopicSuggestions } from './suggest.js';
export { compileTopicIndex, matchTopics } from './topic-matcher.js';
export type { ExistingTopicSuggestion, MatchableTopic, TopicIndex } from './topic-matcher.js';
export type { EntityMention, Nlp, ProposedKind } from './name-finder.js';
export type { NameWindows } from './name-windows.js';
export type { ProposedTopic } from './topic-proposals.js';
