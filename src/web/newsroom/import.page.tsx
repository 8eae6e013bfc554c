import { can } from '../../domain/access/index.js';
import type { ImportResult } from '../../domain/importer/index.js';
import { CsrfField } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** `/newsroom/import`: upload text pages; after an upload, each file's outcome. */
export function ImportPage(p: { chrome: NewsroomChrome; results?: ImportResult[] | undefined; message?: string | undefined }) {
  const actor = p.chrome.actor!;
  const mayPublish = can(actor, 'article.publish');
  const results = p.results ?? [];
  const failed = results.filter((r) => !r.ok).length;
  return (
    <NewsroomLayout chrome={p.chrome} title="Import pages" current="/newsroom/articles">
      <p class="nr-breadcrumb">
        <a href="/newsroom/articles">Articles</a>
      </p>
      <h1>Import pages</h1>
      {p.message && (
        <div class="error-summary" role="alert">
          <h2>There is a problem</h2>
          <p>{p.message}</p>
        </div>
      )}
      {results.length > 0 && (
        <section aria-labelledby="report-heading" class="nr-import-report">
          <h2 id="report-heading">
            <span role="status">
              {results.length - failed} imported, {failed} failed
            </span>
          </h2>
          <div class="nr-table-wrap">
            <table class="nr-table">
              <caption class="visually-hidden">What happened to each file</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {results.map((r) => (
                  <tr class={r.ok ? undefined : 'nr-import-failed'}>
                    <td>{r.file}</td>
                    <td>
                      {r.ok ? (
                        <>
                          <a href={`/newsroom/articles/${r.id}`}>{r.headline}</a>{' '}
                          {r.updated
                            ? 'updated its earlier version'
                            : r.existing
                              ? 'was already imported'
                              : r.status === 'draft'
                                ? 'imported as a draft'
                                : 'imported and published'}
                          {` (${r.quotes.length} quotes, ${r.paragraphs} paragraphs)`}
                        </>
                      ) : (
                        <>
                          <strong>Not imported:</strong> {r.error} <code class="nr-action">{r.code}</code>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <form method="post" action="/newsroom/import" enctype="multipart/form-data" class="nr-form">
        <CsrfField token={p.chrome.csrfToken ?? ''} />
        <div class="field">
          <label for="files">Text pages</label>
          <p class="hint" id="files-hint">
            Plain UTF-8 text: the section on the first line, then the headline, the standfirst and the body. Up to 50 files of 5 MB each.
          </p>
          <input id="files" name="files" type="file" multiple accept=".txt,text/plain" required aria-describedby="files-hint" />
        </div>
        {mayPublish ? (
          <fieldset class="nr-radios">
            <legend>New articles</legend>
            <input type="radio" id="as-draft" name="publish" value="no" checked />
            <label for="as-draft">Keep as drafts</label>
            <input type="radio" id="as-published" name="publish" value="yes" />
            <label for="as-published">Publish at once</label>
          </fieldset>
        ) : (
          <p class="hint">Your imports become drafts that you can edit and submit for review.</p>
        )}
        {can(actor, 'taxonomy.manage') && (
          <div class="field nr-checkbox">
            <input type="checkbox" id="create-sections" name="createSections" value="yes" aria-describedby="create-sections-hint" />
            <label for="create-sections">Create sections the pages name that do not exist yet</label>
            <p class="hint" id="create-sections-hint">
              Leave this off to have a page with a misspelt section line refused rather than start a new section in the site’s navigation.
            </p>
          </div>
        )}
        <button type="submit" class="button">
          Import
        </button>
      </form>
    </NewsroomLayout>
  );
}
