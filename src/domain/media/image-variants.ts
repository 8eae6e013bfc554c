import type { OutputInfo, Sharp } from 'sharp';
import { sharp } from './sharp-library.js';
import type { CropBox } from './image-crops.js';
import type { ImageFormat } from './media.table.js';

/** The widths the reader site asks for; an image never gets a size wider than itself. */
export const VARIANT_WIDTHS = [320, 640, 960, 1280, 1920] as const;

/**
 * The widths to make of an image `width` pixels wide: the standard ones narrower than it, and
 * its own width when that is under the largest, so no size is ever enlarged and none is lost.
 */
export function variantWidths(width: number): number[] {
  const largest = VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]!;
  const fits: number[] = VARIANT_WIDTHS.filter((w) => w < width);
  if (width <= largest) fits.push(width);
  else fits.push(largest);
  return [...new Set(fits)];
}

const EXTENSIONS: Record<ImageFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif' };
export const extensionOf = (format: ImageFormat) => EXTENSIONS[format];

/**
 * A decoder for an uploaded file: pixel limit enforced, a truncated or corrupt file an error
 * (not a grey half-picture), EXIF orientation applied. Output carries no metadata: sharp
 * writes none unless asked, so GPS positions and camera serials never reach a reader.
 */
export function decode(bytes: Uint8Array, maxPixels: number): Sharp {
  return sharp()(bytes, { limitInputPixels: maxPixels, failOn: 'truncated', sequentialRead: true }).rotate();
}

/**
 * Encodes one size in one format, of the whole picture or of the region `box` (a crop; the
 * region is taken from the picture as displayed, after its EXIF orientation).
 */
export function encode(image: Sharp, format: ImageFormat, width: number, box?: CropBox): Promise<{ data: Buffer; info: OutputInfo }> {
  const region = box ? image.clone().extract(box) : image.clone();
  // JPEG has no transparency: a transparent PNG's crop for link previews goes on white, not black.
  const resized = (format === 'jpeg' ? region.flatten({ background: '#ffffff' }) : region).resize({ width, withoutEnlargement: true });
  const encoded =
    format === 'avif'
      ? resized.avif({ quality: 55, effort: 2 })
      : format === 'webp'
        ? resized.webp({ quality: 75, effort: 4 })
        : format === 'png'
          ? resized.png({ compressionLevel: 9, palette: false })
          : resized.jpeg({ quality: 80, mozjpeg: true });
  return encoded.toBuffer({ resolveWithObject: true });
}
