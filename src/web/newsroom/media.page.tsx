import { can } from '../../domain/access/index.js';
import type { MediaItem, MediaVariant } from '../../domain/media/index.js';
import { formatDate } from '../../kernel/uk-time.js';
import { CsrfField, ErrorSummary, Field, FileField, firstError, IMAGE_TYPES, Notice, TextArea } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** The smallest served size in a format the newsroom's browsers all show (WebP), for thumbnails. */
export function thumbnail(item: MediaItem): MediaVariant | undefined {
  return item.variants.find((v) => v.type === 'image/webp') ?? item.variants[0];
}

/** An upload's outcome, one per file. */
export type UploadOutcome = { file: string; ok: true; id: string; existing: boolean } | { file: string; ok: false; error: string };

/** `/newsroom/media`: the library as a grid, searchable, with an upload form that works without JavaScript. */
export function MediaLibraryPage(p: {
  chrome: NewsroomChrome;
  items: MediaItem[];
  query: string;
  page: number;
  hasMore: boolean;
  uploads?: UploadOutcome[] | undefined;
  notice?: string | undefined;
  message?: string | undefined;
  now: string;
  /** The newsroom's script: pictures dropped on the upload form are uploaded. */
  script: string;
}) {
  const next = p.hasMore
    ? `/newsroom/media?${new URLSearchParams({ ...(p.query ? { q: p.query } : {}), page: String(p.page + 1) })}`
    : null;
  const prev =
    p.page > 1
      ? `/newsroom/media?${new URLSearchParams({ ...(p.query ? { q: p.query } : {}), ...(p.page > 2 ? { page: String(p.page - 1) } : {}) })}`
      : null;
  return (
    <NewsroomLayout chrome={p.chrome} title="Media library" current="/newsroom/media">
      <h1>Media library</h1>
      {p.notice && <Notice>{p.notice}</Notice>}
      {p.message && (
        <div class="error-summary" role="alert">
          <h2>There is a problem</h2>
          <p>{p.message}</p>
        </div>
      )}
      {p.uploads && p.uploads.length > 0 && (
        <section class="nr-import-report" aria-labelledby="upload-report">
          <h2 id="upload-report">Uploaded</h2>
          <ul>
            {p.uploads.map((u) =>
              u.ok ? (
                <li>
                  <a href={`/newsroom/media/${u.id}`}>{u.file}</a> {u.existing ? 'was already in the library' : 'added: give it alt text'}
                </li>
              ) : (
                <li class="nr-import-failed">
                  <strong>{u.file}</strong> not added: {u.error}
                </li>
              ),
            )}
          </ul>
        </section>
      )}
      <form method="post" action="/newsroom/media" enctype="multipart/form-data" class="nr-form nr-upload" id="media-upload">
        <CsrfField token={p.chrome.csrfToken ?? ''} />
        <FileField
          name="files"
          label="Add pictures"
          hint="JPEG, PNG, WebP or AVIF, up to 20 MB each. You can choose several, or drop them here."
          accept={IMAGE_TYPES}
          multiple
          required
        />
        <button type="submit" class="button">
          Upload
        </button>
      </form>
      <form method="get" action="/newsroom/media" class="nr-filter" role="search">
        <div class="nr-filter-field">
          <label for="media-q">Search alt text, captions, credits and file names</label>
          <input id="media-q" name="q" type="search" value={p.query} maxLength={200} />
        </div>
        <button type="submit" class="button button-small">
          Search
        </button>
      </form>
      {p.items.length === 0 ? (
        <p>{p.query ? 'No pictures match.' : 'No pictures yet.'}</p>
      ) : (
        <ul class="nr-media-grid">
          {p.items.map((item) => {
            const thumb = thumbnail(item);
            const expired = item.licenceExpiresAt !== null && item.licenceExpiresAt <= p.now;
            return (
              <li>
                <a href={`/newsroom/media/${item.id}`}>
                  {thumb ? (
                    <img
                      src={thumb.url}
                      alt={item.alt || `No alt text yet: ${item.fileName}`}
                      width={thumb.width}
                      height={thumb.height}
                      loading="lazy"
                    />
                  ) : (
                    <span class="nr-media-pending">Being prepared…</span>
                  )}
                  <span class="nr-media-name">{item.fileName}</span>
                </a>
                {!item.alt && <span class="nr-flag">Needs alt text</span>}
                {expired && <span class="nr-flag">Licence expired {formatDate(item.licenceExpiresAt!)}</span>}
              </li>
            );
          })}
        </ul>
      )}
      <nav class="nr-pagination" aria-label="Pages">
        {prev && <a href={prev}>Previous page</a>}
        {next && <a href={next}>Next page</a>}
      </nav>
      <script src={p.script} defer></script>
    </NewsroomLayout>
  );
}

const CROP_LABELS = { card: 'Cards (16:9)', square: 'Thumbnails (1:1)', og: 'Link previews (1.91:1)' } as const;

/** `/newsroom/media/:id`: one picture's details, its focal point, and where it is used. */
export function MediaEditPage(p: {
  chrome: NewsroomChrome;
  item: MediaItem;
  usedBy: Array<{ id: string; headline: string }>;
  form?: { alt: string; caption: string; credit: string; focalX: string; focalY: string; licenceExpires: string } | undefined;
  errors?: Record<string, string>;
  message?: string | undefined;
  notice?: string | undefined;
  mayEdit: boolean;
  /** The newsroom's script: clicking the picture sets the focal point. */
  script: string;
}) {
  const { item } = p;
  const errors = p.errors ?? {};
  const form = p.form ?? {
    alt: item.alt,
    caption: item.caption,
    credit: item.credit,
    focalX: String(Math.round(item.focal.x * 100)),
    focalY: String(Math.round(item.focal.y * 100)),
    licenceExpires: item.licenceExpiresAt ? item.licenceExpiresAt.slice(0, 10) : '',
  };
  const labels = {
    alt: 'Alt text',
    caption: 'Caption',
    credit: 'Credit',
    focalX: 'Focal point across',
    focalY: 'Focal point down',
    licenceExpires: 'Licence expires',
  };
  const focus = firstError(errors, Object.keys(labels));
  const largest = item.variants.filter((v) => v.type === 'image/webp').at(-1) ?? item.variants.at(-1);
  const clampPercent = (v: string) => String(Math.min(100, Math.max(0, Number(v) || 0)));
  const mark = { x: clampPercent(form.focalX || '50'), y: clampPercent(form.focalY || '50') };
  // One size of each crop, as cards, thumbnails and link previews will show it.
  const crops = (['card', 'square', 'og'] as const).flatMap((crop) => {
    const sizes = item.crops.filter((c) => c.crop === crop && c.type === (crop === 'og' ? 'image/jpeg' : `image/${item.format}`));
    const shown = sizes.find((c) => c.width >= 320) ?? sizes.at(-1);
    return shown ? [shown] : [];
  });
  const csrf = p.chrome.csrfToken ?? '';
  return (
    <NewsroomLayout chrome={p.chrome} title={`Picture: ${item.fileName}`} current="/newsroom/media">
      <p class="nr-breadcrumb">
        <a href="/newsroom/media">Media library</a>
      </p>
      <h1>{item.fileName}</h1>
      {p.notice && <Notice>{p.notice}</Notice>}
      <ErrorSummary errors={errors} labels={labels} message={p.message} />
      <div class="nr-media-layout">
        <div>
          <figure class="nr-media-preview">
            {largest ? (
              <div class="nr-focal" data-focal-x={form.focalX} data-focal-y={form.focalY}>
                <img src={largest.url} alt={item.alt} width={largest.width} height={largest.height} id="focal-image" />
                {/* Drawn with SVG attributes, not a style attribute: the newsroom's policy allows no inline styles. */}
                <svg class="nr-focal-mark" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                  <line id="focal-v" x1={mark.x} x2={mark.x} y1="0" y2="100" />
                  <line id="focal-h" x1="0" x2="100" y1={mark.y} y2={mark.y} />
                </svg>
              </div>
            ) : (
              <p class="nr-media-pending">The sizes of this picture are being made. Reload in a moment.</p>
            )}
            <figcaption>
              {item.width} × {item.height} pixels, {item.format.toUpperCase()}, {Math.round(item.bytes / 1024)} KB
            </figcaption>
          </figure>
          {crops.length > 0 && (
            <section class="nr-crops" aria-labelledby="crops-heading">
              <h2 id="crops-heading">How it is cropped</h2>
              <ul>
                {crops.map((c) => (
                  <li>
                    <img src={c.url} alt="" width={c.width} height={c.height} loading="lazy" />
                    <span>{CROP_LABELS[c.crop]}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
        <div>
          {p.mayEdit ? (
            <form method="post" action={`/newsroom/media/${item.id}`} class="nr-form" noValidate>
              <CsrfField token={csrf} />
              <TextArea
                name="alt"
                label="Alt text"
                hint="What the picture shows, for those who cannot see it. Required before it leads a published article."
                value={form.alt}
                error={errors.alt}
                rows={2}
                maxLength={1000}
                focus={focus === 'alt'}
              />
              <TextArea
                name="caption"
                label="Caption"
                value={form.caption}
                error={errors.caption}
                rows={2}
                maxLength={2000}
                focus={focus === 'caption'}
              />
              <Field name="credit" label="Credit" value={form.credit} error={errors.credit} maxLength={300} focus={focus === 'credit'} />
              <fieldset class="nr-rows">
                <legend>Focal point (percent)</legend>
                <p class="hint">
                  Where the subject is. Crops for cards and link previews keep it in frame. With JavaScript, click the picture.
                </p>
                <div class="nr-row">
                  <Field
                    name="focalX"
                    label="Across, from the left"
                    value={form.focalX}
                    error={errors.focalX}
                    maxLength={3}
                    focus={focus === 'focalX'}
                  />
                  <Field
                    name="focalY"
                    label="Down, from the top"
                    value={form.focalY}
                    error={errors.focalY}
                    maxLength={3}
                    focus={focus === 'focalY'}
                  />
                </div>
              </fieldset>
              <Field
                name="licenceExpires"
                type="date"
                label="Licence expires"
                hint="Leave empty if it does not. After this day the picture is flagged here."
                value={form.licenceExpires}
                error={errors.licenceExpires}
                focus={focus === 'licenceExpires'}
              />
              <button type="submit" class="button">
                Save
              </button>
            </form>
          ) : (
            <dl class="nr-facts">
              <dt>Alt text</dt>
              <dd>{item.alt || '—'}</dd>
              <dt>Caption</dt>
              <dd>{item.caption || '—'}</dd>
              <dt>Credit</dt>
              <dd>{item.credit || '—'}</dd>
            </dl>
          )}
          <section class="nr-panel" aria-labelledby="use-heading">
            <h2 id="use-heading">Use it in an article</h2>
            <p>
              As the hero: choose it under “Hero image” in the editor, or{' '}
              <a href={`/newsroom/articles/new?hero=${item.id}`}>write a new article around it</a>. In the body, on a line of its own (a
              figure with its caption and credit), copy this:
            </p>
            <label for="markdown-snippet" class="visually-hidden">
              Markdown for this picture
            </label>
            <input
              id="markdown-snippet"
              class="nr-snippet"
              type="text"
              readOnly
              value={`![${item.alt.replace(/[[\]]/g, '')}](media:${item.id})`}
            />
          </section>
          <section class="nr-panel" aria-labelledby="used-heading">
            <h2 id="used-heading">Where it is used</h2>
            {p.usedBy.length === 0 ? (
              <p>In no article.</p>
            ) : (
              <ul>
                {p.usedBy.map((a) => (
                  <li>
                    <a href={`/newsroom/articles/${a.id}`}>{a.headline}</a>
                  </li>
                ))}
              </ul>
            )}
            {can(p.chrome.actor!, 'settings.manage') && (
              <form method="post" action="/newsroom/settings/logo" class="nr-action-form">
                <CsrfField token={csrf} />
                <input type="hidden" name="logoMediaId" value={item.id} />
                <button type="submit" class="button button-secondary button-small">
                  Use as the site’s logo
                </button>
              </form>
            )}
            {can(p.chrome.actor!, 'media.manage') && (
              <form method="post" action={`/newsroom/media/${item.id}/delete`} class="nr-action-form">
                <CsrfField token={csrf} />
                <button type="submit" class="button button-secondary button-small">
                  Delete this picture
                </button>
              </form>
            )}
          </section>
        </div>
      </div>
      <script src={p.script} defer></script>
    </NewsroomLayout>
  );
}
