import { pictureSources, type Picture } from '../../domain/articles/index.js';

/**
 * A library picture as a `<picture>`: AVIF, then WebP, then the original format, each at every
 * served width, so the browser fetches the one size and format it needs. `width` and `height`
 * reserve its box before it loads (no layout shift); only the lead picture loads eagerly.
 * (Pictures inside a body are drawn by the Markdown renderer from the same `pictureSources`.)
 */
export function PictureElement(p: {
  picture: Picture;
  alt: string;
  sizes: string;
  /** The page's largest picture: fetched first. */
  lead?: boolean;
  /** Above the fold but not the lead (a logo): fetched at once, at normal priority. */
  eager?: boolean;
  className?: string;
}) {
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
        loading={p.lead || p.eager ? undefined : 'lazy'}
        fetchPriority={p.lead ? 'high' : undefined}
        decoding="async"
      />
    </picture>
  );
}
