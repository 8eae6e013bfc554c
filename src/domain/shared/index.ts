export { insertOrSelectByNameKey, uniqueSlug } from './slug.repository.js';
