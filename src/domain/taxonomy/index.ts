export { createTaxonomyService, cleanName } from './taxonomy.service.js';
export type { TaxonomyService, Section, Topic, TopicWithAliases, Series } from './taxonomy.service.js';
export { TOPIC_KINDS } from './taxonomy.table.js';
export type { TopicKind } from './taxonomy.table.js';
export type { SectionEdit, SeriesEdit, TopicEdit } from './taxonomy.schemas.js';
