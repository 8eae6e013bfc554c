import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** One's own account: password change and sign out everywhere. */
export function AccountPage(props: { chrome: NewsroomChrome; errors?: FieldErrors; notice?: string | undefined; minLength: number }) {
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
