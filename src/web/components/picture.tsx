import { pictureSources, type Picture } from '../../domain/articles/index.js';

/**
 * A library picture as a `<picture>`: AVIF, then WebP, then the original format, each at every
 * served width, so the browser fetches the one size and format it needs. `width` and `height`
 * reserve its box before it loads (no layout shift); only the lead picture loads eagerly.
 * (Pictures inside a body are drawn by the Markdown renderer from the same `pictureSources`.)
 */
export function PictureElement(p: { picture: Picture; alt: string; sizes: string; lead?: boolean; className?: string }) {
  const { sources, src, srcset } = pictureSources(p.picture);
  return (
    <picture class={p.className}>
      {sources.map((s) => (
        <source type={s.type} srcset={s.srcset} sizes={p.sizes} />
      ))}
      <img
        src={src}
        srcset={srcset}
        sizes={p.sizes}
        alt={p.alt}
        width={p.picture.width}
        height={p.picture.height}
        loading={p.lead ? undefined : 'lazy'}
        fetchPriority={p.lead ? 'high' : undefined}
        decoding="async"
      />
    </picture>
  );
}
