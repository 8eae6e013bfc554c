import { Layout } from '../components/layout.js';
import { NewsletterSignup } from '../components/newsletter-signup.js';
import type { Chrome } from './reader-context.js';

/** After a sign-up: the same words whether or not the address was already known. */
export function NewsletterThanksPage({ chrome }: { chrome: Chrome }) {
  return (
    <Layout
      site={chrome.site}
      sections={chrome.sections}
      stylesheet={chrome.stylesheet}
      meta={{ title: 'Check your inbox', description: 'Confirm your newsletter sign-up.', canonical: chrome.siteUrl + '/newsletter/thanks', noindex: true }}
    >
      <div class="status-page">
        <h1>Thank you: please check your inbox</h1>
        <p>
          If that address is not already on our list, we will send it an email with a link to confirm your subscription. Nothing will be sent
          until you click that link.
        </p>
        <p>
          <a href="/">Back to the front page</a>
        </p>
      </div>
    </Layout>
  );
}

/** The sign-up page; after a failed attempt, with the problem explained and the address kept. */
export function NewsletterFormPage({ chrome, email = '', error, source }: { chrome: Chrome; email?: string; error?: string; source: string }) {
  return (
    <Layout
      site={chrome.site}
      sections={chrome.sections}
      stylesheet={chrome.stylesheet}
      meta={{ title: 'Newsletter sign-up', description: 'Sign up for the newsletter.', canonical: chrome.siteUrl + '/newsletter', noindex: Boolean(error) }}
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
