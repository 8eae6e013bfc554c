export { createTaxonomyService, TOPIC_KINDS } from './taxonomy.service.js';
export type { TaxonomyService, Section, Topic, Series } from './taxonomy.service.js';
