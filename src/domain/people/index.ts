export { createAuthorService } from './author.service.js';
export type { Author, AuthorService } from './author.service.js';
