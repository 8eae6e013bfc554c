export { uniqueSlug } from './unique-slug.js';
