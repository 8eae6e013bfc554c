export { createExportImporter, DEFAULT_SECTION } from './export-import.service.js';
export type {
  ExportImporter,
  ExportImportHooks,
  ExportImportOptions,
  ExportItemResult,
  ExportProgress,
  ExportSummary,
} from './export-import.service.js';
export { exportFileAt, MAX_EXPORT_BYTES, readableSize } from './export-file.js';
export type { ExportFile, PictureFile, PictureLookup } from './export-file.js';
