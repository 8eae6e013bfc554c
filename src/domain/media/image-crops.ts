import type { ImageFormat } from './media.table.js';

/** The shapes the reader site cuts a picture to, around its focal point. */
export type CropName = 'card' | 'square' | 'og';

export interface CropSpec {
  /** Width over height. */
  ratio: number;
  /** The widths made, each only when the cut is at least that wide (never enlarged). */
  widths: readonly number[];
  /** `all`: AVIF, WebP and the original format, for `<picture>`; `jpeg`: one JPEG, for link previews. */
  formats: 'all' | 'jpeg';
}

/**
 * Cards on listings are 16:9, thumbnails square, and link previews 1.91:1 at 1200 × 630 (the
 * size Facebook, LinkedIn and X ask for). Link-preview crawlers do not all read AVIF or WebP,
 * so that one is a JPEG.
 */
export const CROPS: Record<CropName, CropSpec> = {
  card: { ratio: 16 / 9, widths: [320, 640, 960], formats: 'all' },
  square: { ratio: 1, widths: [160, 320, 640], formats: 'all' },
  og: { ratio: 1200 / 630, widths: [1200], formats: 'jpeg' },
};

export const CROP_NAMES = Object.keys(CROPS) as CropName[];

/** The region of the picture a crop keeps, in its pixels. */
export interface CropBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A focal point at the precision crops use (whole percent), so a crop and its name agree. */
export const roundFocal = (focal: { x: number; y: number }) => ({
  x: Math.round(Math.min(1, Math.max(0, focal.x)) * 100),
  y: Math.round(Math.min(1, Math.max(0, focal.y)) * 100),
});

/**
 * What names a set of crops: the focal point they were cut around. It is part of each crop's
 * file name, so moving the focal point gives new addresses and no cache anywhere keeps
 * showing the old cut.
 */
export function focalKey(focal: { x: number; y: number }): string {
  const { x, y } = roundFocal(focal);
  return `${x}-${y}`;
}

/**
 * The largest box of `ratio` inside a `width` × `height` picture, centred on the focal point
 * as far as the edges allow.
 */
export function cropBox(width: number, height: number, ratio: number, focal: { x: number; y: number }): CropBox {
  const { x, y } = roundFocal(focal);
  const boxWidth = Math.min(width, Math.round(height * ratio));
  const boxHeight = Math.min(height, Math.round(boxWidth / ratio));
  const place = (size: number, box: number, centre: number) => Math.min(size - box, Math.max(0, Math.round(centre * size - box / 2)));
  return { left: place(width, boxWidth, x / 100), top: place(height, boxHeight, y / 100), width: boxWidth, height: boxHeight };
}

/**
 * The widths of one crop to make from a box `boxWidth` wide: the standard ones it can fill,
 * and the box's own width when that falls short of the largest, so no size is enlarged and
 * the sharpest the picture allows is still there.
 */
export function cropWidths(spec: CropSpec, boxWidth: number): number[] {
  const fits = spec.widths.filter((w) => w < boxWidth);
  return [...new Set([...fits, Math.min(boxWidth, spec.widths[spec.widths.length - 1]!)])];
}

/** The formats one crop is made in. */
export const cropFormats = (spec: CropSpec, original: ImageFormat): ImageFormat[] =>
  spec.formats === 'jpeg' ? ['jpeg'] : [...new Set<ImageFormat>(['avif', 'webp', original])];
