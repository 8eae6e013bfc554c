import { CsrfField, ErrorSummary, Field, Notice, TextArea, type FieldErrors } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** The settings form's values (as typed, when it comes back with errors). */
export interface SettingsForm {
  requireAdminTwoFactor: boolean;
  feedContent: 'full' | 'summary';
  outletName: string;
  tagline: string;
  description: string;
  channels: Array<{ name: string; url: string }>;
  footerLinks: Array<{ label: string; url: string }>;
}

/** Blank rows offered below the filled ones, for adding a channel or link without JavaScript. */
const SPARE_ROWS = 2;

/** `/newsroom/settings` (admins): the outlet's name and description, "Watch Us On" channels, footer links. */
export function SettingsPage(props: {
  chrome: NewsroomChrome;
  form: SettingsForm;
  errors?: FieldErrors;
  notice?: string | undefined;
  /** The outlet's own pages, each edited on a page of its own. */
  pages: Array<{ slug: string; title: string; path: string; updatedAt: string | null }>;
  /** The logo now shown in the header, if any: its library id and a small size to preview. */
  logo: { id: string; previewUrl: string | null } | null;
}) {
  const { chrome, form, notice } = props;
  const errors = props.errors ?? {};
  const first = Object.keys(errors)[0];
  const channels = [...form.channels, ...Array.from({ length: SPARE_ROWS }, () => ({ name: '', url: '' }))];
  const links = [...form.footerLinks, ...Array.from({ length: SPARE_ROWS }, () => ({ label: '', url: '' }))];
  const labels: Record<string, string> = {
    outletName: 'Outlet name',
    tagline: 'Tagline',
    description: 'Description',
    logoMediaId: 'Logo picture',
  };
  channels.forEach((_, i) => {
    labels[`channelName-${i}`] = `Channel ${i + 1} name`;
    labels[`channelUrl-${i}`] = `Channel ${i + 1} address`;
  });
  links.forEach((_, i) => {
    labels[`footerLabel-${i}`] = `Footer link ${i + 1} text`;
    labels[`footerUrl-${i}`] = `Footer link ${i + 1} address`;
  });
  return (
    <NewsroomLayout chrome={chrome} title="Site settings" current="/newsroom/settings">
      <h1>Site settings</h1>
      {notice && <Notice>{notice}</Notice>}
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action="/newsroom/settings" class="nr-form" novalidate>
        <CsrfField token={chrome.csrfToken!} />
        <Field
          name="outletName"
          label="Outlet name"
          value={form.outletName}
          error={errors.outletName}
          focus={first === 'outletName'}
          maxLength={100}
        />
        <Field
          name="tagline"
          label="Tagline"
          value={form.tagline}
          error={errors.tagline}
          focus={first === 'tagline'}
          hint="Shown under the outlet name."
          maxLength={200}
        />
        <div class={errors.description ? 'field field-invalid' : 'field'}>
          <label for="description">Description</label>
          <p class="hint" id="description-hint">
            What search engines and link previews say about the site.
          </p>
          {errors.description && (
            <p class="field-error" id="description-error">
              <span class="visually-hidden">Error: </span>
              {errors.description}
            </p>
          )}
          <textarea
            id="description"
            name="description"
            rows={3}
            maxLength={500}
            aria-describedby={errors.description ? 'description-hint description-error' : 'description-hint'}
            aria-invalid={errors.description ? 'true' : undefined}
            autoFocus={first === 'description'}
          >
            {form.description}
          </textarea>
        </div>

        <fieldset class="nr-rows">
          <legend>“Watch Us On” channels</legend>
          <p class="hint">Where readers can watch the outlet’s programmes. Leave a row empty to remove it.</p>
          {channels.map((c, i) => (
            <div class="nr-row">
              <Field
                name={`channelName-${i}`}
                label={`Channel ${i + 1} name`}
                value={c.name}
                error={errors[`channelName-${i}`]}
                focus={first === `channelName-${i}`}
                maxLength={100}
              />
              <Field
                name={`channelUrl-${i}`}
                label={`Channel ${i + 1} address`}
                type="url"
                value={c.url}
                error={errors[`channelUrl-${i}`]}
                focus={first === `channelUrl-${i}`}
              />
            </div>
          ))}
        </fieldset>

        <fieldset class="nr-rows">
          <legend>Footer links</legend>
          <p class="hint">A site path such as /about, or a web address.</p>
          {links.map((l, i) => (
            <div class="nr-row">
              <Field
                name={`footerLabel-${i}`}
                label={`Footer link ${i + 1} text`}
                value={l.label}
                error={errors[`footerLabel-${i}`]}
                focus={first === `footerLabel-${i}`}
                maxLength={100}
              />
              <Field
                name={`footerUrl-${i}`}
                label={`Footer link ${i + 1} address`}
                value={l.url}
                error={errors[`footerUrl-${i}`]}
                focus={first === `footerUrl-${i}`}
              />
            </div>
          ))}
        </fieldset>
        <fieldset class="nr-rows">
          <legend>Feeds</legend>
          <p class="hint">What the RSS, Atom and JSON feeds carry of each story.</p>
          <div class="nr-check">
            <input type="radio" id="feedContent-full" name="feedContent" value="full" checked={form.feedContent === 'full'} />
            <label for="feedContent-full">The whole story</label>
          </div>
          <div class="nr-check">
            <input type="radio" id="feedContent-summary" name="feedContent" value="summary" checked={form.feedContent === 'summary'} />
            <label for="feedContent-summary">The standfirst and a link to the story</label>
          </div>
        </fieldset>
        <fieldset class="nr-rows">
          <legend>Security</legend>
          <div class="nr-check">
            <input
              type="checkbox"
              id="requireAdminTwoFactor"
              name="requireAdminTwoFactor"
              value="on"
              checked={form.requireAdminTwoFactor}
            />
            <label for="requireAdminTwoFactor">Require two-factor authentication for admins</label>
          </div>
          <p class="hint">Admins without it are asked to set it up before they can do anything else.</p>
        </fieldset>
        <button type="submit" class="button">
          Save settings
        </button>
      </form>
      <section class="nr-panel" aria-labelledby="logo-heading">
        <h2 id="logo-heading">Logo</h2>
        <p>
          Shown in the header of every page, 40 pixels high on the dark band (use a light version), and to search engines as the publisher’s
          logo. Without one, the outlet’s name is set in type. Choose a picture in the <a href="/newsroom/media">media library</a> and press
          “Use as the site’s logo” on its page, or give its id here.
        </p>
        {props.logo && (
          <p class="nr-logo-preview">
            {props.logo.previewUrl && <img src={props.logo.previewUrl} alt="The logo now in use" height={40} />}{' '}
            <a href={`/newsroom/media/${props.logo.id}`}>The picture in the library</a>
          </p>
        )}
        <form method="post" action="/newsroom/settings/logo" class="nr-form" novalidate>
          <CsrfField token={chrome.csrfToken!} />
          <Field
            name="logoMediaId"
            label="Logo picture"
            hint="The picture’s id, shown in its address in the library."
            value={props.logo?.id ?? ''}
            error={errors.logoMediaId}
            focus={first === 'logoMediaId'}
            maxLength={100}
          />
          <button type="submit" class="button">
            Use this picture
          </button>
        </form>
        {props.logo && (
          <form method="post" action="/newsroom/settings/logo" class="nr-action-form">
            <CsrfField token={chrome.csrfToken!} />
            <input type="hidden" name="logoMediaId" value="" />
            <button type="submit" class="button button-secondary button-small">
              Remove the logo
            </button>
          </form>
        )}
      </section>
      <section class="nr-panel" aria-labelledby="pages-heading">
        <h2 id="pages-heading">The outlet’s pages</h2>
        <p>Linked from the footer of every page. Until you save one, it shows general words you can keep or replace.</p>
        <ul>
          {props.pages.map((p) => (
            <li>
              <a href={`/newsroom/settings/pages/${p.slug}`}>{p.title}</a> ({p.path}){p.updatedAt ? '' : ': default words'}
            </li>
          ))}
        </ul>
      </section>
    </NewsroomLayout>
  );
}

/** `/newsroom/settings/pages/:slug` (admins): one of the outlet's pages, its title and Markdown body. */
export function SitePageEditPage(p: {
  chrome: NewsroomChrome;
  slug: string;
  path: string;
  form: { title: string; bodyMarkdown: string };
  errors?: FieldErrors;
  notice?: string | undefined;
}) {
  const errors = p.errors ?? {};
  const labels = { title: 'Title', bodyMarkdown: 'Text' };
  const focus = Object.keys(errors)[0];
  return (
    <NewsroomLayout chrome={p.chrome} title={`Page: ${p.form.title.trim() || p.path}`} current="/newsroom/settings">
      <p class="nr-breadcrumb">
        <a href="/newsroom/settings">Site settings</a>
      </p>
      <h1>{p.form.title.trim() || p.path}</h1>
      {p.notice && (
        <Notice>
          {p.notice} <a href={p.path}>See it on the site</a>.
        </Notice>
      )}
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={`/newsroom/settings/pages/${p.slug}`} class="nr-form" noValidate>
        <CsrfField token={p.chrome.csrfToken!} />
        <Field name="title" label="Title" value={p.form.title} error={errors.title} maxLength={200} required focus={focus === 'title'} />
        <TextArea
          name="bodyMarkdown"
          label="Text"
          hint="Markdown: a blank line between paragraphs, ## headings, [links](https://…). HTML is shown as text."
          value={p.form.bodyMarkdown}
          error={errors.bodyMarkdown}
          rows={18}
          focus={focus === 'bodyMarkdown'}
        />
        <button type="submit" class="button">
          Save
        </button>
      </form>
    </NewsroomLayout>
  );
}
