import { ErrorSummary, Field } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** Choosing a password through a one-time link (an invitation or a reset). */
export function PasswordLinkPage(props: {
  chrome: NewsroomChrome;
  token: string;
  purpose: 'set_password' | 'reset_password';
  name: string;
  email: string;
  error?: string | undefined;
  minLength: number;
}) {
  const { chrome, token, purpose, name, email, error, minLength } = props;
  const title = purpose === 'set_password' ? 'Set your password' : 'Reset your password';
  return (
    <NewsroomLayout chrome={chrome} title={title}>
      <div class="nr-narrow">
        <h1>{title}</h1>
        <p class="lede">
          {purpose === 'set_password' ? `Welcome to the newsroom, ${name}.` : `Hello ${name}.`} Choose a password for {email}.
        </p>
        <ErrorSummary errors={error ? { password: error } : {}} labels={{ password: 'New password' }} />
        <form method="post" action={`/newsroom/password/${token}`} class="nr-form" novalidate>
          <input type="text" name="username" value={email} autoComplete="username" hidden readOnly />
          <Field
            name="password"
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            focus
            error={error}
            hint={`At least ${minLength} characters. A few unrelated words make a strong password that is easy to remember.`}
            maxLength={256}
          />
          <button type="submit" class="button">
            Save password
          </button>
        </form>
      </div>
    </NewsroomLayout>
  );
}
