import type { Executor } from '../../db/schema.js';
import type { CropName } from './image-crops.js';
import { findPictureCrops, findPictureRows, findPictureVariants } from './media.repository.js';

/** A library picture (or one crop of it), with every served size, for a `<picture>` element. */
export interface Picture {
  /** Of the largest size served. */
  width: number;
  height: number;
  /** Where the subject is (0–1 from the left and top). */
  focal: { x: number; y: number };
  /** The original format's type ("image/jpeg"), the fallback for browsers without AVIF or WebP. */
  type: string;
  variants: Array<{ url: string; type: string; width: number; height: number }>;
}

/** A library picture as pages show it: its words, its sizes and its crops. */
export interface LibraryPicture {
  id: string;
  alt: string;
  caption: string;
  credit: string;
  /** The whole picture; null when only crops were asked for. */
  full: Picture | null;
  crops: Partial<Record<CropName, Picture>>;
}

/** The `<source>` and `<img>` attributes of a picture: AVIF, then WebP, then the original format. */
export function pictureSources(picture: Picture): { sources: Array<{ type: string; srcset: string }>; src: string; srcset: string } {
  const srcset = (type: string) =>
    picture.variants
      .filter((v) => v.type === type)
      .map((v) => `${v.url} ${v.width}w`)
      .join(', ');
  const fallback = picture.variants.filter((v) => v.type === picture.type);
  // The `src` for browsers without srcset: a middling size, not the largest.
  const src = (fallback.find((v) => v.width >= 960) ?? fallback.at(-1))?.url ?? '';
  // Both sources even when the original is one of them: a browser without AVIF must reach the WebP.
  const sources = ['image/avif', 'image/webp']
    .filter((type) => picture.variants.some((v) => v.type === type))
    .map((type) => ({ type, srcset: srcset(type) }));
  return { sources, src, srcset: srcset(picture.type) };
}

/** The largest size of a picture in one type (the original's by default). */
export const largestOf = (picture: Picture, type = picture.type) => picture.variants.filter((v) => v.type === type).at(-1) ?? null;

function asPicture(
  variants: Array<{ format: string; width: number; height: number; path: string }>,
  focal: { x: number; y: number },
  type: string,
): Picture | null {
  if (variants.length === 0) return null;
  const sized = variants.map((v) => ({
    url: `/media/${v.path}`,
    type: `image/${v.format}`,
    width: Number(v.width),
    height: Number(v.height),
  }));
  sized.sort((a, b) => a.width - b.width);
  const widest = sized.filter((v) => v.type === type).at(-1) ?? sized.at(-1)!;
  return { width: widest.width, height: widest.height, focal, type, variants: sized };
}

/**
 * Library pictures by id, those ready to show: the whole picture when `full`, and the crops
 * named. Three queries however many pictures, never one per picture.
 */
export async function loadPictures(
  db: Executor,
  ids: string[],
  want: { full: boolean; crops: CropName[] },
): Promise<Map<string, LibraryPicture>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const [rows, variants, crops] = await Promise.all([
    findPictureRows(db, unique),
    want.full ? findPictureVariants(db, unique) : [],
    want.crops.length > 0 ? findPictureCrops(db, unique, want.crops) : [],
  ]);
  const pictures = new Map<string, LibraryPicture>();
  for (const row of rows) {
    const focal = { x: Number(row.focal_x), y: Number(row.focal_y) };
    const type = `image/${row.format}`;
    const cropsOf: Partial<Record<CropName, Picture>> = {};
    for (const name of want.crops) {
      const picture = asPicture(
        crops.filter((c) => c.media_id === row.media_id && c.crop === name),
        focal,
        // Link-preview crops are JPEG whatever the original was.
        name === 'og' ? 'image/jpeg' : type,
      );
      if (picture) cropsOf[name] = picture;
    }
    pictures.set(row.media_id, {
      id: row.media_id,
      alt: row.alt,
      caption: row.caption,
      credit: row.credit,
      full: want.full
        ? asPicture(
            variants.filter((v) => v.media_id === row.media_id),
            focal,
            type,
          )
        : null,
      crops: cropsOf,
    });
  }
  return pictures;
}
