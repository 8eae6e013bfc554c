import type { TwoFactorSetup } from '../../domain/staff/index.js';
import { CsrfField, ErrorSummary, Field } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** The second step of signing in: a code from the authenticator app, or a recovery code. */
export function SecondFactorPage(props: { chrome: NewsroomChrome; next: string }) {
  return (
    <NewsroomLayout chrome={props.chrome} title="Enter your code">
      <div class="nr-narrow">
        <h1>Enter your code</h1>
        <p class="lede">Open your authenticator app and enter the six-digit code it shows for the newsroom.</p>
        <form method="post" action="/newsroom/login/code" class="nr-form" novalidate>
          <input type="hidden" name="next" value={props.next} />
          <Field
            name="code"
            label="Code"
            autoComplete="one-time-code"
            required
            focus
            hint="Lost your phone? Enter one of your recovery codes instead."
            maxLength={20}
          />
          <button type="submit" class="button">
            Continue
          </button>
        </form>
      </div>
    </NewsroomLayout>
  );
}

/** Before a setup starts: what two-factor authentication is, and a button to begin. */
export function TwoFactorStartPage(props: { chrome: NewsroomChrome; required: boolean }) {
  return (
    <NewsroomLayout chrome={props.chrome} title="Set up two-factor authentication" current="/newsroom/account">
      <div class="nr-narrow">
        <h1>Set up two-factor authentication</h1>
        {props.required && <p class="lede">This site requires admins to use a second factor. Set it up to continue.</p>}
        <p>
          After your password, the newsroom will ask for a six-digit code from an authenticator app on your phone, so a stolen password
          alone cannot open your account.
        </p>
        <form method="post" action="/newsroom/account/two-factor/start">
          <CsrfField token={props.chrome.csrfToken!} />
          <button type="submit" class="button">
            Start setting up
          </button>
        </form>
      </div>
    </NewsroomLayout>
  );
}

/** Setting up a second factor: the QR code and secret, then a code to confirm it works. */
export function TwoFactorSetupPage(props: {
  chrome: NewsroomChrome;
  setup: TwoFactorSetup;
  error?: string | undefined;
  required: boolean;
}) {
  const { chrome, setup, error, required } = props;
  return (
    <NewsroomLayout chrome={chrome} title="Set up two-factor authentication" current="/newsroom/account">
      <div class="nr-narrow">
        <h1>Set up two-factor authentication</h1>
        {required && <p class="lede">This site requires admins to use a second factor. Set it up to continue.</p>}
        <ErrorSummary errors={error ? { code: error } : {}} labels={{ code: 'Code' }} />
        <ol class="nr-steps">
          <li>
            <p>Scan this QR code with an authenticator app (such as one from your phone’s app store).</p>
            <img
              src="/newsroom/account/two-factor/qr.svg"
              width="200"
              height="200"
              alt="QR code holding the secret key shown below"
              class="nr-qr"
            />
            <p>
              Or type in this key: <code class="nr-secret">{setup.secret}</code>
            </p>
          </li>
          <li>
            <form method="post" action="/newsroom/account/two-factor/confirm" class="nr-form" novalidate>
              <CsrfField token={chrome.csrfToken!} />
              <Field
                name="code"
                label="Enter the code your app shows"
                autoComplete="one-time-code"
                required
                focus
                error={error}
                maxLength={10}
              />
              <button type="submit" class="button">
                Turn on two-factor authentication
              </button>
            </form>
          </li>
        </ol>
      </div>
    </NewsroomLayout>
  );
}

/** The recovery codes, shown once when the second factor is turned on. */
export function RecoveryCodesPage(props: { chrome: NewsroomChrome; codes: string[] }) {
  return (
    <NewsroomLayout chrome={props.chrome} title="Your recovery codes" current="/newsroom/account">
      <div class="nr-narrow">
        <h1>Two-factor authentication is on</h1>
        <p class="lede">
          Keep these recovery codes somewhere safe, away from your phone. Each one signs you in once if you lose your authenticator app.
          They are shown only now.
        </p>
        <ul class="nr-codes">
          {props.codes.map((c) => (
            <li>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <p>
          <a href="/newsroom/account">Back to your account</a>
        </p>
      </div>
    </NewsroomLayout>
  );
}
