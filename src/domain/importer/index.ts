export { createImporterService } from './importer.service.js';
export type { ImporterService, ImportResult, ImportExtras, PageSource } from './importer.service.js';
export { assertPageSize } from './page-parser.js';
export { MAX_PAGE_BYTES } from './page-file.js';
