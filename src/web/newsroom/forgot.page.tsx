import { ErrorSummary, Field } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** "Forgotten your password?": asks for the address; the answer never says whether it has an account. */
export function ForgotPasswordPage(props: { chrome: NewsroomChrome; sent: boolean; email?: string; error?: string }) {
  const { chrome, sent, email, error } = props;
  return (
    <NewsroomLayout chrome={chrome} title="Forgotten your password?">
      <div class="nr-narrow">
        <h1>Forgotten your password?</h1>
        {sent ? (
          <>
            <p class="lede" role="status">
              If there is an account for that address, we have emailed it a link to choose a new password. The link works once, for an hour.
            </p>
            <p>
              <a href="/newsroom/login">Back to sign in</a>
            </p>
          </>
        ) : (
          <>
            {error && <ErrorSummary errors={{}} labels={{}} message={error} />}
            <p>Enter the email address you sign in with.</p>
            <form method="post" action="/newsroom/forgot" class="nr-form" novalidate>
              <Field
                name="email"
                label="Email address"
                type="email"
                value={email ?? ''}
                autoComplete="username"
                required
                focus
                maxLength={254}
              />
              <button type="submit" class="button">
                Ask for a reset link
              </button>
            </form>
          </>
        )}
      </div>
    </NewsroomLayout>
  );
}
