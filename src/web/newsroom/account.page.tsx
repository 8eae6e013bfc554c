import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** One's own account: password change and sign out everywhere. */
export function AccountPage(props: {
  chrome: NewsroomChrome;
  errors?: FieldErrors;
  notice?: string | undefined;
  minLength: number;
  twoFactor: boolean;
}) {
  const { chrome, notice, minLength } = props;
  const errors = props.errors ?? {};
  const actor = chrome.actor!;
  const first = ['current', 'password'].find((f) => errors[f]);
  return (
    <NewsroomLayout chrome={chrome} title="Your account" current="/newsroom/account">
      <h1>Your account</h1>
      {notice && <Notice>{notice}</Notice>}
      <dl class="nr-facts">
        <dt>Name</dt>
        <dd>{actor.name}</dd>
        <dt>Email address</dt>
        <dd>{actor.email}</dd>
        <dt>Role</dt>
        <dd>{actor.role}</dd>
      </dl>

      <section aria-labelledby="password-heading" class="nr-panel">
        <h2 id="password-heading">Change your password</h2>
        <ErrorSummary errors={errors} labels={{ current: 'Current password', password: 'New password' }} />
        <form method="post" action="/newsroom/account/password" class="nr-form" novalidate>
          <CsrfField token={chrome.csrfToken!} />
          <input type="text" name="username" value={actor.email} autoComplete="username" hidden readOnly />
          <Field
            name="current"
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            error={errors.current}
            focus={first === 'current'}
            maxLength={256}
          />
          <Field
            name="password"
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            error={errors.password}
            focus={first === 'password'}
            hint={`At least ${minLength} characters. Your other sessions will be signed out.`}
            maxLength={256}
          />
          <button type="submit" class="button">
            Change password
          </button>
        </form>
      </section>

      <section aria-labelledby="two-factor-heading" class="nr-panel">
        <h2 id="two-factor-heading">Two-factor authentication</h2>
        {props.twoFactor ? (
          <>
            <p>On: signing in asks for a code from your authenticator app (or a recovery code).</p>
            <form method="post" action="/newsroom/account/two-factor/disable" class="nr-form" novalidate>
              <CsrfField token={chrome.csrfToken!} />
              <Field
                name="twoFactorPassword"
                label="Your password, to turn it off"
                type="password"
                autoComplete="current-password"
                error={errors.twoFactorPassword}
                focus={!!errors.twoFactorPassword}
                maxLength={256}
              />
              <button type="submit" class="button button-secondary">
                Turn off two-factor authentication
              </button>
            </form>
          </>
        ) : (
          <p>
            Off. <a href="/newsroom/account/two-factor">Set up two-factor authentication</a> so that a stolen password alone cannot open
            your account.
          </p>
        )}
      </section>

      <section aria-labelledby="everywhere-heading" class="nr-panel">
        <h2 id="everywhere-heading">Sign out everywhere</h2>
        <p>
          Ends every session of your account, on every device, this one included. Use it if you lost a device or signed in on a shared
          computer.
        </p>
        <form method="post" action="/newsroom/account/sign-out-everywhere">
          <CsrfField token={chrome.csrfToken!} />
          <button type="submit" class="button button-secondary">
            Sign out everywhere
          </button>
        </form>
      </section>
    </NewsroomLayout>
  );
}
