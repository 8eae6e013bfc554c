import type { Metadata } from 'sharp';
import { sharp } from './sharp-library.js';
import { invalid } from '../../kernel/errors.js';
import type { ImageFormat } from './media.table.js';

/** Limits checked before anything is decoded. */
export interface ImageLimits {
  /** Bytes of one file (default 20 MB). */
  maxBytes: number;
  /** Width × height (default 50 million pixels). */
  maxPixels: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 20 * 1024 * 1024, maxPixels: 50_000_000 };

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');

/**
 * What the first bytes say the file is, or null. The name and any declared type are never
 * trusted: an SVG called photo.png is text, and is refused here.
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  // ISO-BMFF: a box size, then "ftyp" and a major brand; AVIF is "avif" (still) or "avis" (sequence).
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp' && ['avif', 'avis'].includes(ascii(bytes, 8, 12))) return 'avif';
  return null;
}

/** What the header says of a file that passed the checks. */
export interface CheckedImage {
  format: ImageFormat;
  /** As displayed: EXIF orientation applied (a portrait photo taken sideways is tall). */
  width: number;
  height: number;
}

/**
 * Refuses, with a clear message and before decoding, what Despatch will not store: anything
 * but JPEG, PNG, WebP and AVIF; files over the byte limit; images whose header claims more
 * pixels than the limit (a decompression bomb is refused from its header, in milliseconds).
 */
export async function checkImage(bytes: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<CheckedImage> {
  if (bytes.length === 0) throw invalid('FILE_EMPTY', 'The file is empty.');
  if (bytes.length > limits.maxBytes)
    throw invalid('FILE_TOO_LARGE', `The file is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB.`);
  const format = sniffImageFormat(bytes);
  if (!format) {
    const head = ascii(bytes, 0, Math.min(bytes.length, 512)).trimStart().toLowerCase();
    const what =
      head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')) ? 'an SVG drawing' : 'not a picture we accept';
    throw invalid('UNSUPPORTED_IMAGE', `This file is ${what}: upload a JPEG, PNG, WebP or AVIF photograph.`);
  }
  let meta: Metadata;
  try {
    // Reads the header only; nothing is decoded yet.
    meta = await sharp()(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw invalid('IMAGE_UNREADABLE', 'This picture is damaged or incomplete and cannot be read.');
  }
  const { width, height } = meta;
  if (!width || !height) throw invalid('IMAGE_UNREADABLE', 'This picture is damaged or incomplete and cannot be read.');
  if (width * height > limits.maxPixels)
    throw invalid(
      'IMAGE_TOO_LARGE',
      `This picture is ${width} × ${height} pixels; the limit is ${Math.round(limits.maxPixels / 1_000_000)} million pixels.`,
    );
  // Orientations 5 to 8 turn the picture a quarter: width and height swap on screen.
  const turned = (meta.orientation ?? 1) >= 5;
  return { format, width: turned ? height : width, height: turned ? width : height };
}
