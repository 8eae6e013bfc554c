import { Layout } from '../components/layout.js';
import { NewsletterSignup } from '../components/newsletter-signup.js';
import type { Chrome } from './reader-context.js';

/** After a sign-up: the same words whether or not the address was already known. */
export function NewsletterThanksPage({ chrome }: { chrome: Chrome }) {
  return (
    <Layout
      chrome={chrome}
      meta={{
        title: 'Thank you for signing up',
        description: 'Your newsletter sign-up.',
        canonical: chrome.siteUrl + '/newsletter/thanks',
        noindex: true,
      }}
    >
      <div class="status-page">
        <h1>Thank you for signing up</h1>
        <p>
          We have your request. Before we send any newsletter to that address, we will email it a link to confirm that it is yours, and we
          send nothing more unless the link is followed.
        </p>
        <p>
          <a href="/">Back to the front page</a>
        </p>
      </div>
    </Layout>
  );
}

/** The sign-up page; after a failed attempt, with the problem explained and the address kept. */
export function NewsletterFormPage({
  chrome,
  email = '',
  error,
  source,
}: {
  chrome: Chrome;
  email?: string;
  error?: string;
  source: string;
}) {
  return (
    <Layout
      chrome={chrome}
      meta={{
        title: error ? 'Error: Newsletter sign-up' : 'Newsletter sign-up',
        description: 'Sign up for the newsletter.',
        canonical: chrome.siteUrl + '/newsletter',
        noindex: Boolean(error),
      }}
    >
      <h1>Newsletter sign-up</h1>
      {error && (
        <div class="error-summary" role="alert">
          <h2>There is a problem</h2>
          <p>
            <a href="#newsletter-email">{error}</a>
          </p>
        </div>
      )}
      <NewsletterSignup source={source} email={email} error={error} />
    </Layout>
  );
}
