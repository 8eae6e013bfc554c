export { createTopicSuggestions } from './topic-suggestions.service.js';
export type { TopicSuggestionService } from './topic-suggestions.service.js';
export { articleText, suggestFrom, MAX_NER_CHARACTERS } from './suggest.js';
export type { ArticleText, SuggestOptions, TopicSuggestions } from './suggest.js';
export { compileTopicIndex, matchTopics } from './topic-matcher.js';
export type { ExistingTopicSuggestion, MatchableTopic, TopicIndex } from './topic-matcher.js';
export { findEntities } from './topic-proposals.js';
export type { EntityMention, Nlp, ProposedKind, ProposedTopic } from './topic-proposals.js';
