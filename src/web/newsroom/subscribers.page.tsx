import type { SubscriberList } from '../../domain/newsletter/index.js';
import type { SubscriberAdmin } from '../../domain/newsletter/index.js';
import { formatDateTime } from '../../kernel/uk-time.js';
import { CsrfField, Notice } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

const STATUS: Record<string, string> = { pending: 'Awaiting confirmation', confirmed: 'Subscribed', unsubscribed: 'Unsubscribed' };
const when = (iso: string | null) => (iso ? formatDateTime(iso) : '—');

/** `/newsroom/subscribers` (admins): who receives the newsletter, a search, and the export. */
export function SubscribersPage(props: {
  chrome: NewsroomChrome;
  list: SubscriberList;
  search: string;
  page: number;
  notice?: string | undefined;
}) {
  const { chrome, list, search, page, notice } = props;
  const csrf = chrome.csrfToken ?? '';
  const pages = Math.max(1, Math.ceil(list.total / 50));
  return (
    <NewsroomLayout chrome={chrome} title="Subscribers" current="/newsroom/subscribers">
      <h1>Subscribers</h1>
      {notice && <Notice>{notice}</Notice>}
      <p>
        {list.counts.confirmed} subscribed, {list.counts.pending} awaiting confirmation, {list.counts.unsubscribed} unsubscribed.
        Unconfirmed sign-ups are deleted after seven days.
      </p>
      <form method="get" action="/newsroom/subscribers" class="nr-inline-form" role="search">
        <label for="subscriber-search">Find an address</label>
        <input id="subscriber-search" name="q" type="search" value={search} maxLength={254} />
        <button type="submit">Find</button>
      </form>
      <form method="post" action="/newsroom/subscribers/export" class="nr-inline-form">
        <CsrfField token={csrf} />
        <button type="submit">Export all as CSV</button> <span class="hint">Every export is recorded in the audit log.</span>
      </form>
      {list.rows.length === 0 ? (
        <p class="empty">{search ? 'No address matches.' : 'Nobody has signed up yet.'}</p>
      ) : (
        <table class="nr-table">
          <caption class="visually-hidden">Subscribers, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Status</th>
              <th scope="col">How often</th>
              <th scope="col">Signed up</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/newsroom/subscribers/${r.id}`}>{r.email}</a>
                </td>
                <td>
                  {STATUS[r.status]}
                  {r.paused ? ' (paused)' : ''}
                </td>
                <td>{r.frequency === 'daily' ? 'Daily' : 'Weekly'}</td>
                <td>{when(r.signedUpAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav aria-label="Pages of subscribers">
          {page > 1 && <a href={`/newsroom/subscribers?${new URLSearchParams({ q: search, page: String(page - 1) })}`}>Newer</a>}{' '}
          {page < pages && <a href={`/newsroom/subscribers?${new URLSearchParams({ q: search, page: String(page + 1) })}`}>Older</a>}
        </nav>
      )}
    </NewsroomLayout>
  );
}

type Detail = Awaited<ReturnType<SubscriberAdmin['detail']>>;

/** One subscriber: their choices, the consent record, and erasure. */
export function SubscriberPage(props: { chrome: NewsroomChrome; subscriber: Detail }) {
  const { chrome, subscriber: s } = props;
  return (
    <NewsroomLayout chrome={chrome} title={s.email} current="/newsroom/subscribers">
      <p>
        <a href="/newsroom/subscribers">All subscribers</a>
      </p>
      <h1>{s.email}</h1>
      <dl class="nr-facts">
        <dt>Status</dt>
        <dd>
          {STATUS[s.status]}
          {s.paused ? ' (paused)' : ''}
        </dd>
        <dt>How often</dt>
        <dd>{s.frequency === 'daily' ? 'Daily' : 'Weekly'}</dd>
        <dt>Sections</dt>
        <dd>{s.sections.length ? s.sections.join(', ') : 'All'}</dd>
        <dt>Topics followed</dt>
        <dd>{s.topics.length ? `${s.topics.map((t) => t.name).join(', ')} (${s.topicAlerts ? 'alerts' : 'in the digest'})` : 'None'}</dd>
        <dt>Signed up</dt>
        <dd>{when(s.signedUpAt)}</dd>
        <dt>Confirmed</dt>
        <dd>{when(s.confirmedAt)}</dd>
      </dl>
      <h2>Consent record</h2>
      <table class="nr-table">
        <caption class="visually-hidden">What this subscriber agreed to, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Page</th>
            <th scope="col">Wording</th>
          </tr>
        </thead>
        <tbody>
          {s.consents.map((c) => (
            <tr>
              <td>{when(c.at)}</td>
              <td>{c.event.replace('_', ' ')}</td>
              <td>{c.sourcePath ?? '—'}</td>
              <td class="nr-diff">{c.wording}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Erase</h2>
      <p>
        Erasing deletes this address, its choices and its consent record for good (the right to erasure). If the address bounced or
        complained, it stays suppressed, as only a keyed hash of it is kept. The audit log records the erasure without the address.
      </p>
      <form method="post" action={`/newsroom/subscribers/${s.id}/erase`}>
        <CsrfField token={chrome.csrfToken ?? ''} />
        <label>
          <input type="checkbox" name="confirm" value="yes" required /> I understand that this cannot be undone
        </label>{' '}
        <button type="submit">Erase this subscriber</button>
      </form>
    </NewsroomLayout>
  );
}
