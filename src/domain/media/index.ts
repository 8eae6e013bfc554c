export { createMediaService, MEDIA_VARIANTS_JOB, mediaEditSchema } from './media.service.js';
export type { ImageSource, MediaEdit, MediaItem, MediaService, MediaVariant } from './media.service.js';
export { createFileMediaStore, upgradeMediaLayout } from './media-store.js';
export type { MediaStore } from './media-store.js';
export { DEFAULT_IMAGE_LIMITS, sniffImageFormat } from './image-file.js';
export type { ImageLimits } from './image-file.js';
export type { ImageFormat } from './media.table.js';
