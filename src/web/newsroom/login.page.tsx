import { ErrorSummary, Field } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** The sign-in form; after a failure it comes back with the address kept and one message. */
export function LoginPage(props: { chrome: NewsroomChrome; email: string; next: string; message?: string; error?: string }) {
  const { chrome, email, next, message, error } = props;
  return (
    <NewsroomLayout chrome={chrome} title="Sign in">
      <div class="nr-narrow">
        <h1>Sign in to the newsroom</h1>
        {error ? <ErrorSummary errors={{}} labels={{}} message={error} /> : message && <p class="lede">{message}</p>}
        <form method="post" action="/newsroom/login" class="nr-form" novalidate>
          {chrome.csrfToken && <input type="hidden" name="_csrf" value={chrome.csrfToken} />}
          <input type="hidden" name="next" value={next} />
          <Field
            name="email"
            label="Email address"
            type="email"
            value={email}
            autoComplete="username"
            required
            focus={!email || !!error}
            maxLength={254}
          />
          <Field
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            focus={!!email && !error}
            maxLength={256}
          />
          <button type="submit" class="button">
            Sign in
          </button>
        </form>
        <p class="hint">
          <a href="/newsroom/forgot">Forgotten your password?</a>
        </p>
      </div>
    </NewsroomLayout>
  );
}
