import type { Picture } from '../../domain/articles/index.js';

/** "url 320w, url 640w …" for the sizes of one type. */
const srcset = (picture: Picture, type: string) =>
  picture.variants
    .filter((v) => v.type === type)
    .map((v) => `${v.url} ${v.width}w`)
    .join(', ');

/**
 * A library picture as a `<picture>`: AVIF, then WebP, then the original format, each at every
 * served width, so the browser fetches the one size and format it needs. `width` and `height`
 * reserve its box before it loads (no layout shift); only the lead picture loads eagerly.
 */
export function PictureElement(p: { picture: Picture; alt: string; sizes: string; lead?: boolean; className?: string }) {
  const { picture } = p;
  const fallback = picture.variants.filter((v) => v.type === picture.type);
  // The fallback `src` for browsers without srcset: a middling size, not the largest.
  const src = (fallback.find((v) => v.width >= 960) ?? fallback.at(-1))!;
  return (
    <picture class={p.className}>
      {['image/avif', 'image/webp'].map((type) =>
        picture.variants.some((v) => v.type === type) ? <source type={type} srcset={srcset(picture, type)} sizes={p.sizes} /> : null,
      )}
      <img
        src={src.url}
        srcset={srcset(picture, picture.type)}
        sizes={p.sizes}
        alt={p.alt}
        width={picture.width}
        height={picture.height}
        loading={p.lead ? undefined : 'lazy'}
        fetchPriority={p.lead ? 'high' : undefined}
        decoding="async"
      />
    </picture>
  );
}
