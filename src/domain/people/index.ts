export { authorEditSchema, createAuthorService } from './author.service.js';
export type { Author, AuthorEdit, AuthorService } from './author.service.js';
