import type { ComponentChildren } from 'preact';
import { can } from '../../domain/access/index.js';
import type { IssueService, IssueView, Progress } from '../../domain/newsletter/index.js';
import { formatDateTime } from '../../kernel/uk-time.js';
import { CsrfField, ErrorSummary, Field, firstError, Notice, SelectField, TextArea, type FieldErrors } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

const HOME = '/newsroom/newsletters';

/** What the compose and edit forms hold: as typed, so a refused form comes back unchanged. */
export interface IssueForm {
  subject: string;
  intro: string;
  audience: string;
  leadArticleId: string;
}

/** A recent published story, offered as the issue's lead. */
export type StoryChoice = { id: string; headline: string };

export type InDoubtMessage = Awaited<ReturnType<IssueService['inDoubt']>>[number];

const LABELS: Record<string, string> = {
  subject: 'Subject',
  intro: 'Introduction',
  audience: 'Who receives it',
  leadArticleId: 'Lead story',
  at: 'Send at (UK time)',
};

const FORM_ORDER = ['subject', 'intro', 'audience', 'leadArticleId'];

const AUDIENCE: Record<IssueView['audience'], string> = { daily: 'Daily', weekly: 'Weekly' };

/** The issue's status in words, as the list and the issue page say it. */
export function statusText(issue: IssueView): string {
  switch (issue.status) {
    case 'draft':
      return 'Draft';
    case 'scheduled':
      return issue.scheduledAt ? `Scheduled for ${formatDateTime(issue.scheduledAt)}` : 'Scheduled';
    case 'sending':
      return 'Sending';
    case 'sent':
      return 'Sent';
  }
}

const when = (iso: string | null) => (iso ? formatDateTime(iso) : '—');

/** `/newsroom/newsletters`: every issue, newest first. */
export function NewslettersPage(props: { chrome: NewsroomChrome; issues: IssueView[] }) {
  const { chrome, issues } = props;
  return (
    <NewsroomLayout chrome={chrome} title="Newsletters" current={HOME}>
      <div class="nr-heading-row">
        <h1>Newsletters</h1>
        <a class="button" href={`${HOME}/new`}>
          New issue
        </a>
      </div>
      <p>Each issue is your introduction over a digest of the stories published since the last issue for the same readers.</p>
      {issues.length === 0 ? (
        <p class="empty">No issue has been written yet.</p>
      ) : (
        <div class="nr-table-wrap">
          <table class="nr-table">
            <caption class="visually-hidden">Newsletter issues, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Audience</th>
                <th scope="col">Status</th>
                <th scope="col">Recipients</th>
                <th scope="col">Started</th>
                <th scope="col">Finished</th>
              </tr>
            </thead>
            <tbody>
              {issues.map((issue) => (
                <tr>
                  <td>
                    <a href={`${HOME}/${issue.id}`}>{issue.subject}</a>
                  </td>
                  <td>{AUDIENCE[issue.audience]}</td>
                  <td>{statusText(issue)}</td>
                  {/* Recipients are counted when the send starts; before that there is no list to count. */}
                  <td>{issue.startedAt ? issue.recipientCount : '—'}</td>
                  <td>{when(issue.startedAt)}</td>
                  <td>{when(issue.finishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </NewsroomLayout>
  );
}

/** The subject, introduction, audience and lead story: the same fields to compose and to edit. */
function IssueFields(p: { form: IssueForm; errors: FieldErrors; stories: StoryChoice[] }) {
  const { form, errors } = p;
  const focus = firstError(errors, FORM_ORDER);
  const options: Array<[string, string]> = [['', 'The newest story'], ...p.stories.map((s): [string, string] => [s.id, s.headline])];
  // A lead chosen earlier may have dropped out of the latest stories; keep it rather than lose it on the next save.
  if (form.leadArticleId && !p.stories.some((s) => s.id === form.leadArticleId))
    options.push([form.leadArticleId, 'The story chosen before (no longer among the latest)']);
  return (
    <>
      <Field
        name="subject"
        label={LABELS.subject!}
        value={form.subject}
        error={errors.subject}
        required
        maxLength={150}
        focus={focus === 'subject'}
      />
      <TextArea
        name="intro"
        label={LABELS.intro!}
        value={form.intro}
        rows={6}
        maxLength={4000}
        hint="Plain text. Leave a blank line between paragraphs. Optional."
        error={errors.intro}
        focus={focus === 'intro'}
      />
      <fieldset id="audience" class={errors.audience ? 'nr-radios field-invalid' : 'nr-radios'}>
        <legend>{LABELS.audience}</legend>
        {errors.audience && (
          <p class="field-error">
            <span class="visually-hidden">Error: </span>
            {errors.audience}
          </p>
        )}
        <input
          type="radio"
          id="audience-daily"
          name="audience"
          value="daily"
          checked={form.audience === 'daily'}
          autoFocus={focus === 'audience'}
        />
        <label for="audience-daily">Daily subscribers</label>
        <input type="radio" id="audience-weekly" name="audience" value="weekly" checked={form.audience === 'weekly'} />
        <label for="audience-weekly">Weekly subscribers</label>
      </fieldset>
      <SelectField
        name="leadArticleId"
        label={LABELS.leadArticleId!}
        value={form.leadArticleId}
        options={options}
        error={errors.leadArticleId}
        focus={focus === 'leadArticleId'}
      />
    </>
  );
}

/** `/newsroom/newsletters/new`: a new issue, or (422) the form as it was sent with what to correct. */
export function ComposeIssuePage(props: {
  chrome: NewsroomChrome;
  form: IssueForm;
  stories: StoryChoice[];
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}) {
  const { chrome, form, stories } = props;
  const errors = props.errors ?? {};
  return (
    <NewsroomLayout chrome={chrome} title="New issue" current={HOME}>
      <p>
        <a href={HOME}>All issues</a>
      </p>
      <h1>New issue</h1>
      <ErrorSummary errors={errors} labels={LABELS} message={props.message} />
      <p>
        The issue is saved as a draft: you can preview it, send yourself a test, then schedule it or send it. The stories published since
        the last issue for the same readers follow your introduction.
      </p>
      <form method="post" action={HOME} class="nr-form">
        <CsrfField token={chrome.csrfToken ?? ''} />
        <IssueFields form={form} errors={errors} stories={stories} />
        <button type="submit" class="button">
          Save draft
        </button>
      </form>
    </NewsroomLayout>
  );
}

export interface IssuePageProps {
  chrome: NewsroomChrome;
  issue: IssueView;
  stories: StoryChoice[];
  /** The mail as readers of every section will get it. */
  preview: { subject: string; text: string };
  /** While sending or sent. */
  progress: Progress | null;
  inDoubt: InDoubtMessage[];
  /** The edit form as typed (after a refused save); else the issue as stored. */
  form?: IssueForm | undefined;
  /** The schedule field as typed, in UK time; else the scheduled time, or the suggested one. */
  scheduleAt: string;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
  /** What was just done (post/redirect/get), and how many it concerned. */
  done?: string | undefined;
  count?: number | undefined;
}

const messages = (n: number) => (n === 1 ? 'One in-doubt message' : `${n} in-doubt messages`);

/** The notice after each step, by its `done` key; the test's is told where to find it. */
function notice(p: IssuePageProps): ComponentChildren {
  const { issue, chrome } = p;
  const n = p.count ?? 0;
  switch (p.done) {
    case 'created':
      return 'Saved as a draft. Check the preview, send yourself a test, then schedule it or send it now.';
    case 'saved':
      return 'Changes saved.';
    case 'tested':
      return `A test was sent to ${chrome.actor?.email ?? 'you'}.`;
    case 'tested-outbox':
      // Without a mail server the test goes no further than the Outbox, which only admins can read.
      return (
        <>
          A test was written for {chrome.actor?.email ?? 'you'}, but no mail server is set up, so it is in the{' '}
          {chrome.actor && can(chrome.actor, 'staff.manage') ? (
            <a href="/newsroom/outbox">Outbox</a>
          ) : (
            'Outbox (an admin can read it there)'
          )}
          .
        </>
      );
    case 'scheduled':
      return issue.scheduledAt ? `Scheduled for ${formatDateTime(issue.scheduledAt)}.` : undefined;
    case 'unscheduled':
      return 'Taken off the schedule: it is a draft again.';
    case 'sending':
      return 'Sending has started.';
    case 'resent':
      return `${messages(n)} will be sent again.`;
    case 'dropped':
      return `${messages(n)} dropped.`;
    default:
      return undefined;
  }
}

/** A form of one button that posts an intent to the issue. */
function Intent(p: { id: string; intent: string; csrf: string; label: string; secondary?: boolean; children?: ComponentChildren }) {
  return (
    <form method="post" action={`${HOME}/${p.id}`} class="nr-action-form">
      <CsrfField token={p.csrf} />
      {p.children}
      <button type="submit" name="intent" value={p.intent} class={p.secondary ? 'button button-secondary' : 'button'}>
        {p.label}
      </button>
    </form>
  );
}

/**
 * One issue. Before it goes out: the edit form, the preview (its HTML in a sandboxed frame
 * served from its own address, and its text), a test to oneself, schedule and send. Once it
 * is going out: how far the send has got, and the messages in doubt.
 */
export function IssuePage(props: IssuePageProps) {
  const { chrome, issue, preview, progress, inDoubt } = props;
  const csrf = chrome.csrfToken ?? '';
  const errors = props.errors ?? {};
  const editable = issue.status === 'draft' || issue.status === 'scheduled';
  const maySend = chrome.actor !== null && can(chrome.actor, 'newsletter.send');
  const shown = notice(props);
  const form: IssueForm = props.form ?? {
    subject: issue.subject,
    intro: issue.intro,
    audience: issue.audience,
    leadArticleId: issue.leadArticleId ?? '',
  };
  return (
    <NewsroomLayout chrome={chrome} title={issue.subject} current={HOME}>
      <p>
        <a href={HOME}>All issues</a>
      </p>
      <h1>{issue.subject}</h1>
      {shown !== undefined && <Notice>{shown}</Notice>}
      <ErrorSummary errors={errors} labels={LABELS} message={props.message} />
      <dl class="nr-facts">
        <dt>Status</dt>
        <dd>{statusText(issue)}</dd>
        <dt>Audience</dt>
        <dd>{AUDIENCE[issue.audience]} subscribers</dd>
        {issue.startedAt && (
          <>
            <dt>Recipients</dt>
            <dd>{issue.recipientCount}</dd>
            <dt>Started</dt>
            <dd>{formatDateTime(issue.startedAt)}</dd>
          </>
        )}
        {issue.finishedAt && (
          <>
            <dt>Finished</dt>
            <dd>{formatDateTime(issue.finishedAt)}</dd>
          </>
        )}
      </dl>

      {progress && <ProgressPanel issue={issue} progress={progress} />}
      {inDoubt.length > 0 && (
        <InDoubtPanel issue={issue} inDoubt={inDoubt} count={progress?.inDoubt ?? inDoubt.length} csrf={csrf} maySend={maySend} />
      )}

      {editable && (
        <section class="nr-panel" aria-labelledby="send-heading">
          <h2 id="send-heading">Send</h2>
          <Intent id={issue.id} intent="test" csrf={csrf} label="Send me a test" secondary>
            <p class="hint">
              Sends the issue as a reader of every section gets it to your own address ({chrome.actor?.email}), with “[Test]” before the
              subject.
            </p>
          </Intent>
          {maySend && (
            <>
              <form method="post" action={`${HOME}/${issue.id}`} class="nr-action-form">
                <CsrfField token={csrf} />
                <Field
                  name="at"
                  type="datetime-local"
                  label={LABELS.at!}
                  value={props.scheduleAt}
                  error={errors.at}
                  focus={errors.at !== undefined}
                  hint="The issue starts going out at this time; you can still edit it until then."
                />
                <button type="submit" name="intent" value="schedule" class="button button-secondary">
                  {issue.status === 'scheduled' ? 'Change the time' : 'Schedule'}
                </button>
              </form>
              {issue.status === 'scheduled' && <Intent id={issue.id} intent="unschedule" csrf={csrf} label="Unschedule" secondary />}
              <Intent id={issue.id} intent="send" csrf={csrf} label="Send now">
                <p class="hint">
                  Sends to every confirmed {issue.audience} subscriber at once. Once it has started, a send cannot be stopped or changed.
                </p>
              </Intent>
            </>
          )}
        </section>
      )}

      {editable && (
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">Edit</h2>
          <form method="post" action={`${HOME}/${issue.id}`} class="nr-form">
            <CsrfField token={csrf} />
            <IssueFields form={form} errors={errors} stories={props.stories} />
            <button type="submit" name="intent" value="save" class="button">
              Save changes
            </button>
          </form>
        </section>
      )}

      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">{editable ? 'Preview' : 'As it was sent'}</h2>
        <p class="hint">
          As a reader of every section gets it. Readers who chose sections, or follow topics, get their own selection of the stories.
          {editable && ' The stories are those published since the last issue, up to now.'}
        </p>
        <p>
          Subject: <strong>{preview.subject}</strong>
        </p>
        <iframe class="nr-mail-html" title={`${preview.subject}, as HTML`} src={`${HOME}/${issue.id}/preview.html`} sandbox=""></iframe>
        <h3>Text version</h3>
        <pre class="nr-mail-text">{preview.text}</pre>
      </section>
    </NewsroomLayout>
  );
}

function ProgressPanel(p: { issue: IssueView; progress: Progress }) {
  const { issue, progress: g } = p;
  const handled = g.total - g.remaining;
  return (
    <section class="nr-panel" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <p>
        <progress class="nr-progress" max={Math.max(1, g.total)} value={handled} aria-labelledby="progress-heading">
          {handled} of {g.total}
        </progress>
      </p>
      <p>
        {g.sent} sent, {g.failed} failed, {g.bounced} bounced, {g.inDoubt} in doubt, {g.remaining} still to go, of {g.total}.
        {g.dropped > 0 && ` ${g.dropped} not sent (dropped or suppressed).`}
      </p>
      {issue.status === 'sending' && (
        <p>
          This page does not update by itself. <a href={`${HOME}/${issue.id}`}>Refresh</a>
        </p>
      )}
    </section>
  );
}

function InDoubtPanel(p: { issue: IssueView; inDoubt: InDoubtMessage[]; count: number; csrf: string; maySend: boolean }) {
  const { issue, inDoubt, csrf } = p;
  return (
    <section class="nr-panel" aria-labelledby="in-doubt-heading">
      <h2 id="in-doubt-heading">In doubt</h2>
      <p>
        The sending process stopped while handing these messages to the mail server, so it is not known whether they went. They wait for
        your decision.
      </p>
      <ul>
        {inDoubt.map((m) => (
          <li>{m.email}</li>
        ))}
      </ul>
      {p.count > inDoubt.length && <p>And {p.count - inDoubt.length} more.</p>}
      {p.maySend && (
        <>
          <Intent id={issue.id} intent="resend" csrf={csrf} label="Resend them">
            <p class="hint">A reader whose message did go will get the issue twice.</p>
          </Intent>
          <Intent id={issue.id} intent="drop" csrf={csrf} label="Drop them" secondary>
            <p class="hint">A reader whose message did not go will get no issue this time.</p>
          </Intent>
        </>
      )}
    </section>
  );
}
