import type { OutboxMessage, OutboxSummary } from '../../domain/sent-mail/index.js';
import { formatDateTime } from '../../kernel/uk-time.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** `/newsroom/outbox` (admins): the mail written to the outbox, newest first. */
export function OutboxPage(props: { chrome: NewsroomChrome; usesOutbox: boolean; messages: OutboxSummary[] }) {
  const { chrome, usesOutbox, messages } = props;
  return (
    <NewsroomLayout chrome={chrome} title="Outbox" current="/newsroom/outbox">
      <h1>Outbox</h1>
      {!usesOutbox ? (
        <p>Mail goes through the mail server set in SMTP_URL, so nothing is kept here.</p>
      ) : (
        <>
          <p>
            No mail server is set up (SMTP_URL), so the mail the newsroom sends is kept here instead, newest first. Each message is also a
            file any mail program opens.
          </p>
          {messages.length === 0 ? (
            <p class="empty">Nothing has been sent yet.</p>
          ) : (
            <table class="nr-table">
              <caption class="visually-hidden">Messages in the outbox, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Written</th>
                  <th scope="col">To</th>
                  <th scope="col">Subject</th>
                </tr>
              </thead>
              <tbody>
                {messages.map((m) => (
                  <tr>
                    <td>{formatDateTime(m.writtenAt.toISOString())}</td>
                    <td>{m.to}</td>
                    <td>
                      <a href={`/newsroom/outbox/${m.name}`}>{m.subject}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </NewsroomLayout>
  );
}

/**
 * One message: its headers as written, its text, and its HTML part in a sandboxed frame
 * (served from its own address with a policy that runs nothing and loads nothing).
 */
export function OutboxMessagePage(props: { chrome: NewsroomChrome; message: OutboxMessage }) {
  const { chrome, message: m } = props;
  return (
    <NewsroomLayout chrome={chrome} title={m.subject} current="/newsroom/outbox">
      <p>
        <a href="/newsroom/outbox">Back to the outbox</a>
      </p>
      <h1>{m.subject}</h1>
      <dl class="nr-facts">
        <dt>To</dt>
        <dd>{m.to}</dd>
        <dt>From</dt>
        <dd>{m.from}</dd>
        <dt>Written</dt>
        <dd>{formatDateTime(m.writtenAt.toISOString())}</dd>
      </dl>
      <h2>Text</h2>
      <pre class="nr-mail-text">{m.text}</pre>
      {m.html !== null && (
        <>
          <h2>As HTML</h2>
          <iframe class="nr-mail-html" title={`${m.subject}, as HTML`} src={`/newsroom/outbox/${m.name}/html`} sandbox=""></iframe>
        </>
      )}
      <details>
        <summary>All headers</summary>
        <table class="nr-table">
          <caption class="visually-hidden">Headers of the message</caption>
          <tbody>
            {m.headers.map((h) => (
              <tr>
                <th scope="row">{h.name}</th>
                <td>{h.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <p>
        <a href={`/newsroom/outbox/${m.name}/raw`} download={m.name}>
          Download the message (.eml)
        </a>
      </p>
    </NewsroomLayout>
  );
}
