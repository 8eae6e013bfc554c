import type { NamedLink } from '../../domain/articles/index.js';

/** A field people never see (hidden by the stylesheet) and form-filling bots do: a sign-up that fills it is dropped. */
function Honeypot() {
  return (
    <div class="hp">
      <label for="newsletter-website">Leave this field empty</label>
      <input id="newsletter-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
    </div>
  );
}

/** The "Join Our Newsletter" form on every article; `source` is the page it was sent from. */
export function NewsletterSignup({ source, email = '', error }: { source: string; email?: string; error?: string | undefined }) {
  const errorId = 'newsletter-email-error';
  return (
    <section class="newsletter" aria-labelledby="newsletter-heading">
      <h2 id="newsletter-heading">Join Our Newsletter</h2>
      <p>Our best stories in your inbox, daily or weekly. Free, and you can leave at any time.</p>
      <form method="post" action="/newsletter" class="newsletter-form">
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
        <fieldset class="newsletter-often">
          <legend>How often</legend>
          <label>
            <input type="radio" name="frequency" value="daily" checked /> Daily
          </label>
          <label>
            <input type="radio" name="frequency" value="weekly" /> Weekly
          </label>
        </fieldset>
        <Honeypot />
        <p class="newsletter-privacy">
          We email you a link to confirm first, and use your address only for the newsletter.{' '}
          <a href="/newsletter">Choose sections and topics</a> · <a href="/privacy">Privacy notice</a>
        </p>
      </form>
    </section>
  );
}

/** What the full form shows ticked: a failed attempt's values, or a topic being followed. */
export interface ChoicesState {
  email?: string;
  frequency?: 'daily' | 'weekly';
  sections?: string[];
  topics?: Array<{ slug: string; name: string }>;
  topicAlerts?: boolean;
}

/**
 * The choices a subscriber makes: how often, which sections (none ticked means all), which
 * topics they follow and whether those come as alerts. The sign-up page and the manage page
 * both use it; `withEmail` adds the address and the honeypot for a sign-up.
 */
export function NewsletterChoices({
  sections,
  state,
  errors = {},
  withEmail,
}: {
  sections: NamedLink[];
  state: ChoicesState;
  errors?: Record<string, string>;
  withEmail: boolean;
}) {
  const frequency = state.frequency ?? 'daily';
  const ticked = new Set(state.sections ?? []);
  return (
    <div class="newsletter-choices">
      {withEmail && (
        <>
          <label for="newsletter-email">Email address</label>
          {errors.email && (
            <p class="field-error" id="newsletter-email-error">
              {errors.email}
            </p>
          )}
          <input
            id="newsletter-email"
            name="email"
            type="email"
            autoComplete="email"
            required
            maxLength={254}
            value={state.email ?? ''}
            aria-invalid={errors.email ? 'true' : undefined}
            aria-describedby={errors.email ? 'newsletter-email-error' : undefined}
          />
        </>
      )}
      <fieldset>
        <legend>How often</legend>
        <label>
          <input type="radio" name="frequency" value="daily" checked={frequency === 'daily'} /> Daily, each morning
        </label>
        <label>
          <input type="radio" name="frequency" value="weekly" checked={frequency === 'weekly'} /> Weekly
        </label>
      </fieldset>
      <fieldset>
        <legend>Sections</legend>
        <p class="hint">Tick none for stories from every section.</p>
        {errors.sections && <p class="field-error">{errors.sections}</p>}
        {sections.map((s) => (
          <label>
            <input type="checkbox" name="sections" value={s.slug} checked={ticked.has(s.slug)} /> {s.name}
          </label>
        ))}
      </fieldset>
      {(state.topics ?? []).length > 0 && (
        <fieldset>
          <legend>Topics you follow</legend>
          {errors.topics && <p class="field-error">{errors.topics}</p>}
          {(state.topics ?? []).map((t) => (
            <label>
              <input type="checkbox" name="topics" value={t.slug} checked /> {t.name}
            </label>
          ))}
          <p class="hint">Follow more from the “Related topics” of any article.</p>
          <label>
            <input type="radio" name="topicAlerts" value="digest" checked={!state.topicAlerts} /> Include their stories in my newsletter
          </label>
          <label>
            <input type="radio" name="topicAlerts" value="alert" checked={state.topicAlerts === true} /> Email me when they have a new story
            (at most one email an hour)
          </label>
        </fieldset>
      )}
      {withEmail && <Honeypot />}
    </div>
  );
}
