/** The image formats Despatch accepts, by what the bytes say they are. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif';

/** Timestamps are ISO-8601 UTC text in both databases (see docs/ARCHITECTURE.md §8). */
type Timestamp = string;

/** Whether an image's variants have been made yet. */
export type MediaStatus = 'processing' | 'ready' | 'failed';

/** A picture in the library: what the newsroom knows of it. */
export interface MediaTable {
  media_id: string;
  /** SHA-256 of the uploaded bytes: the same file uploaded twice is one image. */
  content_hash: string;
  format: ImageFormat;
  /** As displayed (EXIF orientation applied). */
  width: number;
  height: number;
  bytes: number;
  file_name: string;
  alt: string;
  caption: string;
  credit: string;
  /** Where the picture's subject is, 0–1 from the left and top: crops keep it in frame. */
  focal_x: number;
  focal_y: number;
  /** After this the picture may no longer be used (a licence that runs out); the newsroom flags it. */
  licence_expires_at: Timestamp | null;
  status: MediaStatus;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One encoded size of an image, served at `/media/<path>` for ever (its address changes with its content). */
export interface MediaVariantsTable {
  media_id: string;
  format: ImageFormat;
  width: number;
  height: number;
  /** Under the served media folder, e.g. "i/<hash>/640.webp". */
  path: string;
  bytes: number;
}

/** One size of one crop of an image, cut around its focal point (see image-crops.ts). */
export interface MediaCropsTable {
  media_id: string;
  crop: 'card' | 'square' | 'og';
  /** The focal point the crop was cut for, as "x-y" in whole percent; part of its path. */
  focal_key: string;
  format: ImageFormat;
  width: number;
  height: number;
  path: string;
  bytes: number;
}

/** How an article uses a picture. */
export type ArticleMediaRole = 'hero' | 'body';

/** A picture used by an article (kept by the article service with each save). */
export interface ArticleMediaTable {
  article_id: string;
  media_id: string;
  role: ArticleMediaRole;
}
