import type { LinkCheck, SubscriberView } from '../../domain/newsletter/index.js';
import { Layout } from '../components/layout.js';
import { NewsletterChoices, type ChoicesState } from '../components/newsletter-signup.js';
import type { Chrome } from './reader-context.js';

/** The words a sign-up agrees to, shown above the button (the consent record keeps the same). */
const AGREEMENT =
  'By signing up you agree to receive the newsletter at this address. We email you a link to confirm first, and you can change what you receive, pause or unsubscribe from the link in every email.';

/** After a sign-up: the same words whether or not the address was already known. */
export function NewsletterThanksPage({ chrome }: { chrome: Chrome }) {
  return (
    <Layout
      chrome={chrome}
      meta={{
        title: 'Check your email',
        description: 'Your newsletter sign-up.',
        canonical: chrome.siteUrl + '/newsletter/thanks',
        noindex: true,
      }}
    >
      <div class="status-page">
        <h1>Check your email</h1>
        <p>
          If that address can receive the newsletter, we have emailed it a link to confirm. Nothing is sent until the link is followed, and
          an unconfirmed request is deleted after seven days.
        </p>
        <p>No email? Look in your spam folder. We send at most one such email a day to any address.</p>
        <p>
          <a href="/">Back to the front page</a>
        </p>
      </div>
    </Layout>
  );
}

/** The sign-up page (or "follow a topic"); after a failed attempt, with the problem explained and every choice kept. */
export function NewsletterFormPage({
  chrome,
  state = {},
  errors = {},
  source,
  follow,
  path,
}: {
  chrome: Chrome;
  state?: ChoicesState;
  errors?: Record<string, string>;
  source: string;
  /** The topic this page follows (`/newsletter/follow/:slug`). */
  follow?: { name: string } | undefined;
  /** The page's own address. */
  path: string;
}) {
  const failed = Object.keys(errors).length > 0;
  const title = follow ? `Follow ${follow.name} by email` : 'Newsletter sign-up';
  return (
    <Layout
      chrome={chrome}
      meta={{
        title: failed ? `Error: ${title}` : title,
        description: follow ? `Get ${follow.name} stories by email.` : 'Sign up for the newsletter.',
        canonical: chrome.siteUrl + path,
        noindex: failed || Boolean(follow),
      }}
    >
      <div class="newsletter-page">
        <h1>{title}</h1>
        {failed && (
          <div class="error-summary" role="alert">
            <h2>There is a problem</h2>
            <ul>
              {Object.entries(errors).map(([field, message]) => (
                <li>
                  <a href={field === 'email' ? '#newsletter-email' : '#newsletter-form'}>{message}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <p>The stories that matter in defence, chosen by our editors, in your inbox. Free, and you can leave at any time.</p>
        <form method="post" action="/newsletter" class="newsletter newsletter-form" id="newsletter-form">
          <input type="hidden" name="source" value={source} />
          <NewsletterChoices sections={chrome.sections} state={state} errors={errors} withEmail />
          <p class="newsletter-privacy">
            {AGREEMENT} <a href="/privacy">Privacy notice</a>
          </p>
          <button type="submit">{follow ? `Follow ${follow.name}` : 'Sign up'}</button>
        </form>
      </div>
    </Layout>
  );
}

/**
 * What a sign-up link opens: what it will do, and a button that does it. Following a link
 * changes nothing by itself, as mail scanners open links too.
 */
export function ConfirmLinkPage({ chrome, check, action }: { chrome: Chrome; check: LinkCheck & { valid: true }; action: string }) {
  const confirm = check.purpose === 'confirm';
  return (
    <Layout
      chrome={chrome}
      meta={{ title: confirm ? 'Confirm your sign-up' : 'Confirm your changes', description: 'Newsletter confirmation.', noindex: true }}
    >
      <div class="status-page">
        <h1>{confirm ? 'Confirm your sign-up' : 'Confirm your changes'}</h1>
        <p>
          {confirm ? 'Send the newsletter to ' : 'Change what the newsletter sends to '}
          <strong>{check.email}</strong>:
        </p>
        <ul>
          {check.choices.map((c) => (
            <li>{c}</li>
          ))}
        </ul>
        <form method="post" action={action} class="newsletter">
          <button type="submit">{confirm ? 'Confirm my sign-up' : 'Confirm these changes'}</button>
        </form>
      </div>
    </Layout>
  );
}

/** After the button: done, with the way to change it later. */
export function ConfirmedPage({ chrome, choices, managePath }: { chrome: Chrome; choices: string[]; managePath: string }) {
  return (
    <Layout chrome={chrome} meta={{ title: 'You are subscribed', description: 'Newsletter confirmation.', noindex: true }}>
      <div class="status-page">
        <h1>You are subscribed</h1>
        <p>Thank you. You will receive:</p>
        <ul>
          {choices.map((c) => (
            <li>{c}</li>
          ))}
        </ul>
        <p>
          Every newsletter has a link to <a href={managePath}>change what you receive, pause or unsubscribe</a>.
        </p>
      </div>
    </Layout>
  );
}

/** A subscriber's own page, reached from the signed link in every email. */
export function ManagePage({
  chrome,
  view,
  action,
  unsubscribePath,
  saved,
  errors = {},
}: {
  chrome: Chrome;
  view: SubscriberView;
  action: string;
  unsubscribePath: string;
  saved?: string | undefined;
  errors?: Record<string, string>;
}) {
  const subscribed = view.status === 'confirmed';
  return (
    <Layout chrome={chrome} meta={{ title: 'Your newsletter', description: 'Change what the newsletter sends you.', noindex: true }}>
      <div class="newsletter-page">
        <h1>Your newsletter</h1>
        <p>
          For <strong>{view.email}</strong>.{' '}
          {subscribed ? (view.paused ? 'Paused: nothing is sent until you resume.' : 'Subscribed.') : 'Not subscribed.'}
        </p>
        {saved && (
          <p class="notice" role="status">
            {saved}
          </p>
        )}
        {subscribed ? (
          <>
            <form method="post" action={action} class="newsletter newsletter-form">
              <input type="hidden" name="intent" value="save" />
              <NewsletterChoices
                sections={chrome.sections}
                errors={errors}
                withEmail={false}
                state={{
                  frequency: view.frequency,
                  sections: view.sections.map((s) => s.slug),
                  topics: view.topics,
                  topicAlerts: view.topicAlerts,
                }}
              />
              <button type="submit">Save my choices</button>
            </form>
            <form method="post" action={action} class="newsletter">
              <input type="hidden" name="intent" value={view.paused ? 'resume' : 'pause'} />
              <h2>{view.paused ? 'Resume' : 'Take a break'}</h2>
              <p>{view.paused ? 'Start receiving the newsletter again.' : 'Stop the newsletter for now, keeping your choices.'}</p>
              <button type="submit">{view.paused ? 'Resume the newsletter' : 'Pause the newsletter'}</button>
            </form>
            <form method="post" action={unsubscribePath} class="newsletter">
              <h2>Unsubscribe</h2>
              <p>Stop every newsletter and alert to this address.</p>
              <button type="submit">Unsubscribe</button>
            </form>
          </>
        ) : (
          <p>
            <a href="/newsletter">Sign up again</a>
          </p>
        )}
      </div>
    </Layout>
  );
}

/** The unsubscribe link's page: the button that does it (the one-click POST from a mail client needs none). */
export function UnsubscribePage({ chrome, email, action }: { chrome: Chrome; email: string; action: string }) {
  return (
    <Layout chrome={chrome} meta={{ title: 'Unsubscribe', description: 'Unsubscribe from the newsletter.', noindex: true }}>
      <div class="status-page">
        <h1>Unsubscribe</h1>
        <p>
          Stop every newsletter and alert to <strong>{email}</strong>?
        </p>
        <form method="post" action={action} class="newsletter">
          <button type="submit">Unsubscribe</button>
        </form>
      </div>
    </Layout>
  );
}

/** Done: said plainly, with the way back. */
export function UnsubscribedPage({ chrome, managePath }: { chrome: Chrome; managePath: string }) {
  return (
    <Layout chrome={chrome} meta={{ title: 'You are unsubscribed', description: 'Unsubscribed from the newsletter.', noindex: true }}>
      <div class="status-page">
        <h1>You are unsubscribed</h1>
        <p>We will send no more newsletters or alerts to this address.</p>
        <p>
          Changed your mind? <a href="/newsletter">Sign up again</a>, or see <a href={managePath}>your newsletter page</a>.
        </p>
      </div>
    </Layout>
  );
}
