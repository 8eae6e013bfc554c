import type { AuditPage as AuditEntries } from '../../domain/audit/index.js';
import type { StaffUser } from '../../domain/staff/index.js';
import { formatDateTime } from '../../kernel/uk-time.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** `/newsroom/audit` (admins): the log, newest first, narrowed by action and by who acted. */
export function AuditPage(props: {
  chrome: NewsroomChrome;
  page: AuditEntries;
  actions: string[];
  action: string;
  people: StaffUser[];
  actorId: string;
  nextUrl: string | null;
}) {
  const { chrome, page, actions, action, people, actorId, nextUrl } = props;
  return (
    <NewsroomLayout chrome={chrome} title="Audit log" current="/newsroom/audit">
      <h1>Audit log</h1>
      <form method="get" action="/newsroom/audit" class="nr-filter">
        <label for="action">Show</label>
        <select id="action" name="action">
          <option value="" selected={action === ''}>
            Everything
          </option>
          {[...new Set(actions.map((a) => `${a.split('.')[0]}.`))].map((prefix) => (
            <option value={prefix} selected={action === prefix}>
              All {prefix.slice(0, -1)} actions
            </option>
          ))}
          {actions.map((a) => (
            <option value={a} selected={action === a}>
              {a}
            </option>
          ))}
        </select>
        <label for="actor">by</label>
        <select id="actor" name="actor">
          <option value="" selected={actorId === ''}>
            Anyone
          </option>
          {people.map((p) => (
            <option value={p.id} selected={actorId === p.id}>
              {p.name} ({p.email})
            </option>
          ))}
        </select>
        <button type="submit" class="button button-small">
          Filter
        </button>
      </form>
      {page.entries.length === 0 ? (
        <p>Nothing recorded{action || actorId ? ' for this filter' : ''} yet.</p>
      ) : (
        <div class="nr-table-wrap">
          <table class="nr-table nr-audit">
            <caption class="visually-hidden">Audit log entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <tr>
                  <td>
                    <time datetime={e.at}>{formatDateTime(e.at)}</time>
                  </td>
                  <td>{e.actor}</td>
                  <td>
                    <code class="nr-action">{e.action}</code> {e.summary}
                  </td>
                  <td>{e.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextUrl && (
        <nav aria-label="Audit log pages" class="pagination">
          <a href={nextUrl} rel="next">
            Older entries
          </a>
        </nav>
      )}
    </NewsroomLayout>
  );
}
