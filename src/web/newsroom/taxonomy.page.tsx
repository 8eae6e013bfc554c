import type { ComponentChildren } from 'preact';
import { CsrfField, ErrorSummary, Field, firstError, Notice, SelectField, TextArea } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** The four kinds of thing the newsroom names and describes, each with its own pages. */
export type TaxonomyKind = 'sections' | 'topics' | 'series' | 'authors';

export const KIND_TITLES: Record<TaxonomyKind, { plural: string; singular: string }> = {
  sections: { plural: 'Sections', singular: 'section' },
  topics: { plural: 'Topics', singular: 'topic' },
  series: { plural: 'Series', singular: 'series' },
  authors: { plural: 'Authors', singular: 'author' },
};

/** The taxonomy pages' sub-navigation. */
function KindNav({ current }: { current: TaxonomyKind }) {
  return (
    <nav class="nr-subnav" aria-label="Sections, topics, series and authors">
      <ul>
        {(Object.keys(KIND_TITLES) as TaxonomyKind[]).map((k) => (
          <li>
            <a href={`/newsroom/${k}`} aria-current={k === current ? 'page' : undefined}>
              {KIND_TITLES[k].plural}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** `/newsroom/sections`, `/topics`, `/series`, `/authors`: every one, linking to its form. */
export function TaxonomyListPage(p: {
  chrome: NewsroomChrome;
  kind: TaxonomyKind;
  items: Array<{ id: string; name: string; detail: string; path: string }>;
  notice?: string | undefined;
}) {
  const title = KIND_TITLES[p.kind].plural;
  return (
    <NewsroomLayout chrome={p.chrome} title={title} current="/newsroom/sections">
      <h1>{title}</h1>
      <KindNav current={p.kind} />
      {p.notice && <Notice>{p.notice}</Notice>}
      {p.items.length === 0 ? (
        <p>None yet: they are made when an article names them.</p>
      ) : (
        <div class="nr-table-wrap">
          <table class="nr-table">
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Details</th>
                <th scope="col">On the site</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((item) => (
                <tr>
                  <td>
                    <a href={`/newsroom/${p.kind}/${item.id}`}>{item.name}</a>
                  </td>
                  <td>{item.detail}</td>
                  <td>
                    <a href={item.path}>{item.path}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </NewsroomLayout>
  );
}

/** One field of an edit form. */
export type EditField =
  | { kind: 'text'; name: string; label: string; value: string; hint?: string; maxLength?: number; required?: boolean }
  | { kind: 'textarea'; name: string; label: string; value: string; hint?: string; rows?: number; maxLength?: number }
  | { kind: 'select'; name: string; label: string; value: string; options: Array<[string, string]> }
  | { kind: 'checkbox'; name: string; label: string; checked: boolean; hint?: string };

/** `/newsroom/<kind>/:id`: one form; errors inline with everything typed kept. */
export function TaxonomyEditPage(p: {
  chrome: NewsroomChrome;
  kind: TaxonomyKind;
  id: string;
  name: string;
  path: string;
  fields: EditField[];
  /** Numbered rows (a series' channels), after the fields. */
  rows?: { legend: string; prefix: [string, string]; labels: [string, string]; values: Array<[string, string]> } | undefined;
  errors?: Record<string, string>;
  message?: string | undefined;
  notice?: string | undefined;
  /** More forms below the main one (merging a topic). */
  extra?: ComponentChildren;
}) {
  const errors = p.errors ?? {};
  const labels = Object.fromEntries(p.fields.map((f) => [f.name, f.label]));
  const focus = firstError(errors, [...p.fields.map((f) => f.name), ...Object.keys(errors)]);
  const csrf = p.chrome.csrfToken ?? '';
  const rows = p.rows ? [...p.rows.values, ['', ''] as [string, string], ['', ''] as [string, string]] : [];
  return (
    <NewsroomLayout chrome={p.chrome} title={`${KIND_TITLES[p.kind].plural}: ${p.name}`} current="/newsroom/sections">
      <p class="nr-breadcrumb">
        <a href={`/newsroom/${p.kind}`}>{KIND_TITLES[p.kind].plural}</a>
      </p>
      <h1>{p.name}</h1>
      <p>
        On the site: <a href={p.path}>{p.path}</a>
      </p>
      {p.notice && <Notice>{p.notice}</Notice>}
      <ErrorSummary errors={errors} labels={labels} message={p.message} />
      <form method="post" action={`/newsroom/${p.kind}/${p.id}`} class="nr-form" noValidate>
        <CsrfField token={csrf} />
        {p.fields.map((f) =>
          f.kind === 'textarea' ? (
            <TextArea
              name={f.name}
              label={f.label}
              value={f.value}
              hint={f.hint}
              rows={f.rows ?? 3}
              maxLength={f.maxLength}
              error={errors[f.name]}
              focus={focus === f.name}
            />
          ) : f.kind === 'checkbox' ? (
            <div class="field nr-checkbox">
              <input
                type="checkbox"
                id={f.name}
                name={f.name}
                value="on"
                checked={f.checked}
                aria-describedby={f.hint ? `${f.name}-hint` : undefined}
                autoFocus={focus === f.name}
              />
              <label for={f.name}>{f.label}</label>
              {f.hint && (
                <p class="hint" id={`${f.name}-hint`}>
                  {f.hint}
                </p>
              )}
            </div>
          ) : f.kind === 'select' ? (
            <SelectField
              name={f.name}
              label={f.label}
              value={f.value}
              options={f.options}
              error={errors[f.name]}
              focus={focus === f.name}
            />
          ) : (
            <Field
              name={f.name}
              label={f.label}
              value={f.value}
              hint={f.hint}
              maxLength={f.maxLength}
              required={f.required}
              error={errors[f.name]}
              focus={focus === f.name}
            />
          ),
        )}
        {p.rows && (
          <fieldset class="nr-rows">
            <legend>{p.rows.legend}</legend>
            {rows.map(([a, b], i) => (
              <div class="nr-row">
                <Field
                  name={`${p.rows!.prefix[0]}-${i}`}
                  label={p.rows!.labels[0]}
                  value={a}
                  error={errors[`${p.rows!.prefix[0]}-${i}`]}
                  maxLength={200}
                />
                <Field
                  name={`${p.rows!.prefix[1]}-${i}`}
                  label={p.rows!.labels[1]}
                  value={b}
                  error={errors[`${p.rows!.prefix[1]}-${i}`]}
                  maxLength={2000}
                />
              </div>
            ))}
          </fieldset>
        )}
        <button type="submit" class="button">
          Save
        </button>
      </form>
      {p.extra}
    </NewsroomLayout>
  );
}
