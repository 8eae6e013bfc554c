export { createMediaService, MEDIA_CROPS_JOB, MEDIA_VARIANTS_JOB, mediaEditSchema } from './media.service.js';
export type { ImageSource, MediaCropVariant, MediaEdit, MediaItem, MediaService, MediaVariant } from './media.service.js';
export { CROPS, focalKey } from './image-crops.js';
export type { CropName } from './image-crops.js';
export { createFileMediaStore, upgradeMediaLayout } from './media-store.js';
export type { MediaStore } from './media-store.js';
export { DEFAULT_IMAGE_LIMITS, sniffImageFormat } from './image-file.js';
export type { ImageLimits } from './image-file.js';
export type { ImageFormat } from './media.table.js';
