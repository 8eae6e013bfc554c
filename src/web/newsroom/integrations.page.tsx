import type { ApiKey } from '../../domain/api-keys/index.js';
import { WEBHOOK_EVENTS, type Webhook, type WebhookDelivery } from '../../domain/webhooks/index.js';
import { formatDateTime } from '../../kernel/uk-time.js';
import { CsrfField, ErrorSummary, Field, Notice, SelectField, firstError, type FieldErrors } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

const HOME = '/newsroom/integrations';

/** Which API a key opens, as the key form offers it and the list names it. */
const API_OPTIONS: Array<[string, string]> = [
  ['content', 'Despatch API (/api/v1)'],
  ['ghost', 'Ghost Content API'],
];
const apiLabel = (kind: ApiKey['kind']) => (kind === 'ghost' ? 'Ghost Content API' : 'Despatch API (/api/v1)');

/** What each event means to whoever receives it, beside its checkbox. */
const EVENT_HINTS: Record<(typeof WEBHOOK_EVENTS)[number], string> = {
  'article.published': 'a story goes live',
  'article.updated': 'a published story is changed (a draft’s edits are not sent)',
  'article.unpublished': 'a story is withdrawn',
};

/** How much of a receiver's last answer the deliveries table shows; the rest is noise there. */
const ANSWER_PREVIEW = 200;

/** What the key form held when it came back with errors. */
export interface KeyForm {
  name: string;
  api: string;
}

/** What the webhook form held when it came back with errors. */
export interface WebhookForm {
  url: string;
  events: string[];
}

/** `/newsroom/integrations` (admins): content API keys and webhooks, each with its form. */
export function IntegrationsPage(props: {
  chrome: NewsroomChrome;
  keys: ApiKey[];
  webhooks: Webhook[];
  keyForm?: KeyForm | undefined;
  keyErrors?: FieldErrors | undefined;
  webhookForm?: WebhookForm | undefined;
  webhookErrors?: FieldErrors | undefined;
  notice?: string | undefined;
}) {
  const { chrome, keys, webhooks, notice } = props;
  const keyErrors = props.keyErrors ?? {};
  const webhookErrors = props.webhookErrors ?? {};
  const keyForm = props.keyForm ?? { name: '', api: 'content' };
  const webhookForm = props.webhookForm ?? { url: '', events: ['article.published'] };
  const keyFocus = firstError(keyErrors, ['name', 'api']);
  const webhookFocus = firstError(webhookErrors, ['url', 'events']);
  const csrf = chrome.csrfToken!;
  return (
    <NewsroomLayout chrome={chrome} title="Integrations" current={HOME}>
      <h1>Integrations</h1>
      <p class="lede">Keys that let apps and other sites read the published content, and webhooks that tell them when a story changes.</p>
      {notice && <Notice>{notice}</Notice>}

      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">Content API keys</h2>
        {keys.length === 0 ? (
          <p>No keys yet.</p>
        ) : (
          <div class="nr-table-wrap">
            <table class="nr-table">
              <caption class="visually-hidden">Content API keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">API</th>
                  <th scope="col">Key</th>
                  <th scope="col">Made</th>
                  <th scope="col">State</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr class={k.revokedAt ? 'is-disabled' : undefined}>
                    <th scope="row">{k.name}</th>
                    <td>{apiLabel(k.kind)}</td>
                    <td>
                      <code>…{k.hint}</code>
                    </td>
                    <td>
                      <time datetime={k.createdAt}>{formatDateTime(k.createdAt)}</time>
                    </td>
                    <td>
                      {k.revokedAt ? (
                        <>
                          Revoked <time datetime={k.revokedAt}>{formatDateTime(k.revokedAt)}</time>
                        </>
                      ) : (
                        'Active'
                      )}
                    </td>
                    <td class="nr-actions">
                      {!k.revokedAt && (
                        <form method="post" action={`${HOME}/keys/${k.id}/revoke`} class="nr-inline-form">
                          <CsrfField token={csrf} />
                          <button type="submit" class="button button-small button-secondary">
                            Revoke<span class="visually-hidden"> the key “{k.name}”</span>
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="new-key-heading" class="nr-panel">
        <h2 id="new-key-heading">Make a key</h2>
        <p>Keys only read what is published. The key is shown once, when it is made; revoke a key you no longer need.</p>
        <ErrorSummary errors={keyErrors} labels={{ name: 'Name', api: 'Which API' }} />
        <form method="post" action={`${HOME}/keys`} class="nr-form" novalidate>
          <CsrfField token={csrf} />
          <Field
            name="name"
            label="Name"
            hint="Who or what it is for, such as “Mobile app” or “Partner site”."
            value={keyForm.name}
            error={keyErrors.name}
            focus={keyFocus === 'name'}
            autoComplete="off"
            maxLength={100}
          />
          <SelectField
            name="api"
            label="Which API"
            value={keyForm.api}
            options={API_OPTIONS}
            error={keyErrors.api}
            focus={keyFocus === 'api'}
          />
          <button type="submit" class="button">
            Make key
          </button>
        </form>
      </section>

      <section aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Webhooks</h2>
        {webhooks.length === 0 ? (
          <p>No webhooks yet.</p>
        ) : (
          <div class="nr-table-wrap">
            <table class="nr-table">
              <caption class="visually-hidden">Webhooks</caption>
              <thead>
                <tr>
                  <th scope="col">Address</th>
                  <th scope="col">Events</th>
                  <th scope="col">Added</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {webhooks.map((h) => (
                  <tr>
                    <th scope="row" class="nr-wrap">
                      {h.url}
                    </th>
                    <td>
                      {h.events.map((e, i) => (
                        <>
                          {i > 0 && ', '}
                          <code>{e}</code>
                        </>
                      ))}
                    </td>
                    <td>
                      <time datetime={h.createdAt}>{formatDateTime(h.createdAt)}</time>
                    </td>
                    <td class="nr-actions">
                      <a href={`${HOME}/webhooks/${h.id}`} class="nr-inline-form">
                        Deliveries<span class="visually-hidden"> to {h.url}</span>
                      </a>
                      <form method="post" action={`${HOME}/webhooks/${h.id}/remove`} class="nr-inline-form">
                        <CsrfField token={csrf} />
                        <button type="submit" class="button button-small button-secondary">
                          Remove<span class="visually-hidden"> the webhook to {h.url}</span>
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="new-webhook-heading" class="nr-panel">
        <h2 id="new-webhook-heading">Add a webhook</h2>
        <p>
          Each event is sent as a signed JSON <code>POST</code>, and tried again for about four hours while the receiver does not answer
          with a 2xx status. Addresses on private networks or this machine are refused.
        </p>
        <ErrorSummary errors={webhookErrors} labels={{ url: 'Address', events: 'Events' }} />
        <form method="post" action={`${HOME}/webhooks`} class="nr-form" novalidate>
          <CsrfField token={csrf} />
          <Field
            name="url"
            label="Address"
            type="url"
            hint="An http or https address, such as https://hooks.example.org/despatch."
            value={webhookForm.url}
            error={webhookErrors.url}
            focus={webhookFocus === 'url'}
            autoComplete="off"
            maxLength={2000}
          />
          <fieldset
            class={webhookErrors.events ? 'nr-rows field-invalid' : 'nr-rows'}
            aria-describedby={webhookErrors.events ? 'events-error' : undefined}
          >
            <legend>Events</legend>
            {webhookErrors.events && (
              <p class="field-error" id="events-error">
                <span class="visually-hidden">Error: </span>
                {webhookErrors.events}
              </p>
            )}
            {WEBHOOK_EVENTS.map((event, i) => {
              // The first box carries the fieldset's id, so the error summary's link lands on it.
              const id = i === 0 ? 'events' : `events-${i}`;
              return (
                <div class="nr-check">
                  <input
                    type="checkbox"
                    id={id}
                    name="events"
                    value={event}
                    checked={webhookForm.events.includes(event)}
                    autoFocus={i === 0 && webhookFocus === 'events'}
                  />
                  <label for={id}>
                    <code>{event}</code>: {EVENT_HINTS[event]}
                  </label>
                </div>
              );
            })}
          </fieldset>
          <button type="submit" class="button">
            Add webhook
          </button>
        </form>
      </section>
    </NewsroomLayout>
  );
}

/** A new key, shown once to the admin who made it, with how to use it. */
export function KeyIssuedPage(props: { chrome: NewsroomChrome; apiKey: ApiKey; keyValue: string; siteUrl: string }) {
  const { chrome, apiKey, keyValue, siteUrl } = props;
  const ghost = apiKey.kind === 'ghost';
  return (
    <NewsroomLayout chrome={chrome} title="API key made" current={HOME}>
      <div class="nr-narrow">
        <h1>Key for “{apiKey.name}”</h1>
        <div class="nr-warning" role="alert">
          <p>
            <strong>Copy this key now: it will not be shown again.</strong> Despatch keeps only a fingerprint of it. If it is lost, revoke
            it and make a new one.
          </p>
        </div>
        <label for="issued-key">{apiLabel(apiKey.kind)} key</label>
        <input id="issued-key" class="nr-link-box" type="text" value={keyValue} readOnly autoFocus />
        <h2>How to use it</h2>
        {ghost ? (
          <>
            <p>
              Give Ghost clients (themes, front ends, <code>@tryghost/content-api</code>) the site’s address and this key. They send it as{' '}
              <code>?key=</code>:
            </p>
            <pre class="nr-code">
              <code>{`${siteUrl}/ghost/api/content/posts/?key=${keyValue}`}</code>
            </pre>
            <pre class="nr-code">
              <code>{`new GhostContentAPI({ url: '${siteUrl}', key: '${keyValue}', version: 'v5.0' });`}</code>
            </pre>
            <p>This key opens only the Ghost Content API, not Despatch’s own.</p>
          </>
        ) : (
          <>
            <p>
              Send it in the <code>Authorization</code> header of every request to <code>{siteUrl}/api/v1</code>:
            </p>
            <pre class="nr-code">
              <code>{`curl -H 'Authorization: Bearer ${keyValue}' ${siteUrl}/api/v1/articles`}</code>
            </pre>
            <p>
              The API is described at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. This key opens only Despatch’s API, not the
              Ghost one.
            </p>
          </>
        )}
        <p>Each key may make 600 requests a minute.</p>
        <p>
          <a href={HOME}>Back to integrations</a>
        </p>
      </div>
    </NewsroomLayout>
  );
}

/** The signature header, as a receiver checks it. */
function SigningHelp() {
  return (
    <p>
      Each delivery carries <code>X-Despatch-Signature: t=TIMESTAMP,v1=SIGNATURE</code>, where the signature is the hex HMAC-SHA256, keyed
      with this secret, of <code>TIMESTAMP.BODY</code>. Check it, and refuse old timestamps, before trusting a delivery.
    </p>
  );
}

/** A new webhook and the secret that signs its deliveries. */
export function WebhookAddedPage(props: { chrome: NewsroomChrome; webhook: Webhook & { secret: string } }) {
  const { chrome, webhook } = props;
  return (
    <NewsroomLayout chrome={chrome} title="Webhook added" current={HOME}>
      <div class="nr-narrow">
        <h1>Webhook added</h1>
        <Notice>
          Sending {webhook.events.join(', ')} to {webhook.url}.
        </Notice>
        <label for="webhook-secret">Signing secret</label>
        <input id="webhook-secret" class="nr-link-box" type="text" value={webhook.secret} readOnly autoFocus />
        <p class="hint">Give it to the receiver. Admins can see it again on the webhook’s deliveries page.</p>
        <SigningHelp />
        <p>
          <a href={`${HOME}/webhooks/${webhook.id}`}>See its deliveries</a> · <a href={HOME}>Back to integrations</a>
        </p>
      </div>
    </NewsroomLayout>
  );
}

const STATUS_LABELS: Record<WebhookDelivery['status'], string> = {
  delivered: 'delivered',
  pending: 'pending (to be tried again)',
  failed: 'failed (given up)',
};

/** `/newsroom/integrations/webhooks/:id`: a webhook, its secret on request, and its latest deliveries. */
export function WebhookDeliveriesPage(props: {
  chrome: NewsroomChrome;
  webhook: Webhook & { secret: string };
  deliveries: WebhookDelivery[];
}) {
  const { chrome, webhook, deliveries } = props;
  return (
    <NewsroomLayout chrome={chrome} title="Webhook deliveries" current={HOME}>
      <p>
        <a href={HOME}>Integrations</a>
      </p>
      <h1>Deliveries to {new URL(webhook.url).host}</h1>
      <dl class="nr-facts">
        <dt>Address</dt>
        <dd class="nr-wrap">{webhook.url}</dd>
        <dt>Events</dt>
        <dd>{webhook.events.join(', ')}</dd>
        <dt>Added</dt>
        <dd>
          <time datetime={webhook.createdAt}>{formatDateTime(webhook.createdAt)}</time>
        </dd>
      </dl>
      <details class="nr-details">
        <summary>Signing secret</summary>
        <p>
          <code class="nr-secret">{webhook.secret}</code>
        </p>
        <SigningHelp />
      </details>
      <h2>Latest deliveries</h2>
      {deliveries.length === 0 ? (
        <p>Nothing sent yet. A delivery is made when one of its events happens.</p>
      ) : (
        <div class="nr-table-wrap">
          <table class="nr-table">
            <caption class="visually-hidden">Deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last HTTP status</th>
                <th scope="col">Last error or answer</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => {
                const answer = d.lastError ?? d.lastResponse ?? '';
                return (
                  <tr>
                    <td>
                      <time datetime={d.createdAt}>{formatDateTime(d.createdAt)}</time>
                    </td>
                    <td>
                      <code>{d.event}</code>
                    </td>
                    <td>{STATUS_LABELS[d.status]}</td>
                    <td>{d.attempts}</td>
                    <td>{d.lastStatus ?? '—'}</td>
                    {/* Whatever the receiver answered is text to Preact: escaped, never markup. */}
                    <td class="nr-wrap">{answer ? answer.slice(0, ANSWER_PREVIEW) + (answer.length > ANSWER_PREVIEW ? '…' : '') : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </NewsroomLayout>
  );
}
