/** The "Join Our Newsletter" form; `source` is the page it was sent from. */
export function NewsletterSignup({ source, email = '', error }: { source: string; email?: string; error?: string | undefined }) {
  const errorId = 'newsletter-email-error';
  return (
    <section class="newsletter" aria-labelledby="newsletter-heading">
      <h2 id="newsletter-heading">Join Our Newsletter</h2>
      <p>Our best stories, in your inbox each morning. Free, and you can leave at any time.</p>
      <form method="post" action="/newsletter" class="newsletter-form" noValidate={false}>
        <input type="hidden" name="source" value={source} />
        <label for="newsletter-email">Email address</label>
        {error && (
          <p class="field-error" id={errorId}>
            {error}
          </p>
        )}
        <div class="newsletter-row">
          <input
            id="newsletter-email"
            name="email"
            type="email"
            autoComplete="email"
            required
            maxLength={254}
            value={email}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? errorId : undefined}
          />
          <button type="submit">Sign up</button>
        </div>
        <p class="newsletter-privacy">
          We use your address only to send you the newsletter. <a href="/privacy">Privacy notice</a>
        </p>
      </form>
    </section>
  );
}
