import type { FieldDiff, RevisionSummary } from '../../domain/articles/index.js';
import { formatDateTime } from '../../kernel/uk-time.js';
import { CsrfField, Notice } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

export interface RevisionsPageProps {
  chrome: NewsroomChrome;
  articleId: string;
  headline: string;
  /** The article's current version: what a restore is based on. */
  version: number;
  revisions: RevisionSummary[];
  canRestore: boolean;
  /** Two revisions compared, when asked. */
  comparison?: { from: RevisionSummary; to: RevisionSummary; fields: FieldDiff[] } | undefined;
  message?: string | undefined;
}

/** One field's word diff: removed words struck through, added ones marked. */
function Diff({ field }: { field: FieldDiff }) {
  return (
    <section class="nr-diff-field">
      <h3>
        {field.label}
        {!field.changed && <span class="nr-muted"> (unchanged)</span>}
      </h3>
      <p class="nr-diff">
        {field.parts.map((part) =>
          part.change === 'added' ? <ins>{part.text}</ins> : part.change === 'removed' ? <del>{part.text}</del> : <span>{part.text}</span>,
        )}
      </p>
    </section>
  );
}

/** `/newsroom/articles/:id/revisions`: every kept version, any two compared word by word, any one restored. */
export function RevisionsPage(p: RevisionsPageProps) {
  const base = `/newsroom/articles/${p.articleId}`;
  const from = p.comparison?.from.version ?? p.revisions[1]?.version;
  const to = p.comparison?.to.version ?? p.revisions[0]?.version;
  return (
    <NewsroomLayout chrome={p.chrome} title={`Revisions: ${p.headline}`} current="/newsroom/articles">
      <p class="nr-breadcrumb">
        <a href="/newsroom/articles">Articles</a> › <a href={base}>{p.headline}</a>
      </p>
      <h1>Revisions</h1>
      {p.message && <Notice>{p.message}</Notice>}
      {p.revisions.length === 0 ? (
        <p>No revisions yet: they are kept from the moment an article is submitted for review or published.</p>
      ) : (
        <form method="get" action={`${base}/revisions/compare`} class="nr-revisions">
          <div class="nr-table-wrap">
            <table class="nr-table">
              <caption class="visually-hidden">Revisions, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Saved</th>
                  <th scope="col">By</th>
                  <th scope="col">Why</th>
                  <th scope="col">Compare from</th>
                  <th scope="col">to</th>
                </tr>
              </thead>
              <tbody>
                {p.revisions.map((r) => (
                  <tr>
                    <td>{r.version}</td>
                    <td>
                      <time dateTime={r.at}>{formatDateTime(r.at)}</time>
                    </td>
                    <td>{r.by}</td>
                    <td>{r.note}</td>
                    <td>
                      <input
                        type="radio"
                        name="from"
                        value={r.version}
                        checked={r.version === from}
                        aria-label={`From version ${r.version}`}
                      />
                    </td>
                    <td>
                      <input type="radio" name="to" value={r.version} checked={r.version === to} aria-label={`To version ${r.version}`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="submit" class="button button-small">
            Compare
          </button>
        </form>
      )}
      {p.comparison && (
        <section class="nr-comparison" aria-labelledby="comparison-heading">
          <h2 id="comparison-heading">
            Version {p.comparison.from.version} → version {p.comparison.to.version}
          </h2>
          {p.comparison.fields.map((f) => (
            <Diff field={f} />
          ))}
          {p.canRestore && (
            <div class="nr-restore">
              {[p.comparison.from, p.comparison.to]
                .filter((r) => r.version !== p.version)
                .map((r) => (
                  <form method="post" action={`${base}/revisions/${r.version}/restore`} class="nr-action-form">
                    <CsrfField token={p.chrome.csrfToken ?? ''} />
                    <input type="hidden" name="version" value={p.version} />
                    <button type="submit" class="button button-secondary button-small">
                      Restore version {r.version}
                    </button>
                  </form>
                ))}
            </div>
          )}
        </section>
      )}
    </NewsroomLayout>
  );
}
