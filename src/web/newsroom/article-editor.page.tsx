import type { ComponentChildren } from 'preact';
import type { EditorState } from '../../domain/articles/index.js';
import { can, type StaffActor } from '../../domain/access/index.js';
import type { SanitizedHtml } from '../../kernel/sanitized-html.js';
import { formatDateTime, toUkLocal } from '../../kernel/uk-time.js';
import { Html } from '../components/html.js';
import {
  addQuoteIntent,
  addTopicIntent,
  createTopicIntent,
  FIELD_LABELS,
  MAX_SPEAKER,
  SPARE_NAME_ROWS,
  SPARE_QUOTE_ROWS,
  suggestedSpeakerField,
  type ArticleForm,
} from './article-form.js';
import { STATE_LABELS } from './articles.page.js';
import { CsrfField, ErrorSummary, Field, FileField, firstError, IMAGE_TYPES, Notice, SelectField, TextArea } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** Names the editor offers as it types (sections, series, topics and authors that exist). */
export interface EditorChoices {
  sections: string[];
  series: string[];
  topics: string[];
  authors: string[];
  /** Pictures from the library to lead with: id and a label (alt text, or the file name). */
  pictures: Array<[string, string]>;
}

/** Topics suggested from the saved text, that the article does not have yet. */
export interface EditorSuggestions {
  /** The outlet's own topics the text names. */
  existing: Array<{ topicId: string; name: string; matched: string; count: number }>;
  /** New people, places and organisations (shown only to those who may create topics). */
  proposed: Array<{ name: string; kind: string; alias?: string; count: number }>;
  /** Whether this member of staff may create topics (editors and admins). */
  canCreate: boolean;
}

/** A quote of the saved text offered as a pull quote, with the speaker to print (null: none found). */
export interface EditorQuoteSuggestion {
  text: string;
  speaker: string | null;
}

/** A save refused because someone saved first: their text, beside the refused one. */
export interface EditorConflict {
  theirs: ArticleForm;
  theirVersion: number;
}

export interface ArticleEditorProps {
  chrome: NewsroomChrome;
  form: ArticleForm;
  /** Null for a new article. */
  state: EditorState | null;
  choices: EditorChoices;
  errors?: Record<string, string>;
  /** A message above the form: what went wrong with an action, or the conflict. */
  message?: string | undefined;
  notice?: string | undefined;
  /** Someone else who has this article open now. */
  lockedBy?: string | null;
  conflict?: EditorConflict | undefined;
  /** The body rendered as the reader site renders it (after "Preview"). */
  preview?: SanitizedHtml | undefined;
  /** A preview link just made: shown once. */
  previewLink?: { url: string; expiresAt: string } | undefined;
  /** The editor's script (live preview, autosave of drafts, the soft lock's heartbeat). */
  script: string;
  /** Topics suggested from the saved text (a stored article only). */
  suggestions?: EditorSuggestions | undefined;
  /** Pull quotes suggested from the saved text, that the article does not have yet (a stored article only). */
  suggestedQuotes?: EditorQuoteSuggestion[] | undefined;
}

const ORDER = Object.keys(FIELD_LABELS);

function stateLine(state: EditorState): string {
  const label = STATE_LABELS[state.status === 'draft' ? state.stage : state.status];
  if (state.stage === 'scheduled' && state.scheduledFor) return `${label} for ${formatDateTime(state.scheduledFor)}`;
  if (state.status === 'published' && state.publishedAt) return `${label} ${formatDateTime(state.publishedAt)}`;
  return label;
}

/** One workflow action: a small form posting to /newsroom/articles/:id/<action>. */
function Action(p: { id: string; action: string; csrf: string; label: string; secondary?: boolean; children?: ComponentChildren }) {
  return (
    <form method="post" action={`/newsroom/articles/${p.id}/${p.action}`} class="nr-action-form">
      <CsrfField token={p.csrf} />
      {p.children}
      <button type="submit" class={p.secondary ? 'button button-secondary button-small' : 'button button-small'}>
        {p.label}
      </button>
    </form>
  );
}

/** What may be done to the article now, by this member of staff. */
function Workflow({ actor, state, csrf }: { actor: StaffActor; state: EditorState; csrf: string }) {
  const id = state.id;
  const editor = can(actor, 'article.review');
  const mine = state.createdBy === actor.id;
  const draft = state.status === 'draft';
  const embargo = state.embargoUntil && Date.parse(state.embargoUntil) > Date.now();
  const scheduleDefault = state.scheduledFor ?? state.embargoUntil ?? new Date(Date.now() + 3600_000).toISOString();
  return (
    <aside class="nr-workflow" aria-labelledby="workflow-heading">
      <h2 id="workflow-heading">Workflow</h2>
      <p>
        <span class={`nr-state nr-state-${draft ? state.stage : state.status}`}>{stateLine(state)}</span> · version {state.version}
      </p>
      {embargo && <p class="nr-embargo">Under embargo until {formatDateTime(state.embargoUntil!)}.</p>}
      {state.status === 'published' && (
        <p>
          <a href={state.path}>View on the site</a>
        </p>
      )}
      {draft && state.stage === 'writing' && (mine || editor) && <Action id={id} action="submit" csrf={csrf} label="Submit for review" />}
      {draft && state.stage === 'in_review' && (mine || editor) && (
        <Action id={id} action="withdraw" csrf={csrf} label="Take back to keep writing" secondary />
      )}
      {draft && state.stage === 'in_review' && editor && (
        <Action id={id} action="send-back" csrf={csrf} label="Send back" secondary>
          <TextArea name="note" id="send-back-note" label="Note for the writer" value="" rows={2} maxLength={2000} />
        </Action>
      )}
      {state.status !== 'published' && can(actor, 'article.publish') && (
        <Action id={id} action="publish" csrf={csrf} label={state.status === 'unpublished' ? 'Publish again' : 'Publish now'} />
      )}
      {draft && can(actor, 'article.schedule') && (
        <Action id={id} action="schedule" csrf={csrf} label={state.stage === 'scheduled' ? 'Move to this time' : 'Schedule'}>
          <div class="field">
            <label for="schedule-at">Publish at (UK time)</label>
            <input id="schedule-at" name="at" type="datetime-local" value={toUkLocal(scheduleDefault)} required />
          </div>
        </Action>
      )}
      {draft && state.stage === 'scheduled' && can(actor, 'article.schedule') && (
        <Action id={id} action="unschedule" csrf={csrf} label="Take off the schedule" secondary />
      )}
      {state.status === 'published' && can(actor, 'article.correct') && (
        <Action id={id} action="notes" csrf={csrf} label="Add to the article">
          <fieldset class="nr-radios">
            <legend>Note</legend>
            <input type="radio" id="note-correction" name="kind" value="correction" checked />
            <label for="note-correction">Correction</label>
            <input type="radio" id="note-update" name="kind" value="update" />
            <label for="note-update">Update</label>
          </fieldset>
          <TextArea name="body" id="note-body" label="What readers will see" value="" rows={3} maxLength={2000} />
        </Action>
      )}
      {state.status === 'published' && can(actor, 'article.unpublish') && (
        <Action id={id} action="unpublish" csrf={csrf} label="Withdraw (the page answers 410 Gone)" secondary />
      )}
      {state.status === 'unpublished' && can(actor, 'article.unpublish') && (
        <Action id={id} action="to-draft" csrf={csrf} label="Back to a draft" secondary />
      )}
      {draft && !state.publishedAt && can(actor, 'article.delete') && (
        <Action id={id} action="delete" csrf={csrf} label="Delete this draft" secondary />
      )}
      {(mine || editor) && (
        <Action id={id} action="slug" csrf={csrf} label="Change address" secondary>
          <div class="field">
            <label for="slug">Address (slug)</label>
            <input id="slug" name="slug" value={state.slug} maxLength={200} />
            <p class="hint">The old address will redirect to the new one.</p>
          </div>
        </Action>
      )}
      {state.status !== 'published' && (
        <>
          <Action id={id} action="preview-link" csrf={csrf} label="Make a preview link (24 hours)" secondary />
          <Action id={id} action="revoke-previews" csrf={csrf} label="Revoke preview links" secondary />
        </>
      )}
      <p>
        <a href={`/newsroom/articles/${id}/revisions`}>Revisions</a>
      </p>
    </aside>
  );
}

/**
 * A repeated field (`topics`, `authors`): one input per name, each suggesting existing names
 * from a datalist, plus a few empty ones; what is typed anew is created on save.
 */
function NameRows(p: {
  name: string;
  idPrefix: string;
  legend: string;
  label: string;
  hint: string;
  values: string[];
  errors: Record<string, string>;
  list: string;
}) {
  const rows = [...p.values, ...Array.from({ length: SPARE_NAME_ROWS }, () => '')];
  return (
    <fieldset class="nr-names">
      <legend>{p.legend}</legend>
      <p class="hint">{p.hint}</p>
      {rows.map((value, i) => (
        <Field
          name={p.name}
          id={`${p.idPrefix}-${i}`}
          label={`${p.label} ${i + 1}`}
          value={value}
          error={p.errors[`${p.idPrefix}-${i}`]}
          maxLength={200}
          list={p.list}
        />
      ))}
    </fieldset>
  );
}

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/**
 * "Suggested topics": each button is one of the editor form's own submit buttons, so pressing
 * it saves everything typed and adds the topic in one post (the script does the same without
 * leaving the page).
 */
function SuggestedTopics({ suggestions }: { suggestions: EditorSuggestions }) {
  const { existing, proposed, canCreate } = suggestions;
  const none = existing.length === 0 && (!canCreate || proposed.length === 0);
  return (
    <section class="nr-suggestions" id="suggested-topics" aria-labelledby="suggested-topics-heading">
      <h2 id="suggested-topics-heading">Suggested topics</h2>
      <p class="hint">From the saved text. A button saves your changes and adds the topic.</p>
      {none && <p class="nr-suggestions-none">Nothing to suggest: the text names no topic the article lacks.</p>}
      {existing.length > 0 && (
        <ul class="nr-suggestion-list" aria-label="Topics the outlet has">
          {existing.map((s) => (
            <li>
              <span class="nr-suggestion-name">{s.name}</span>{' '}
              <span class="nr-suggestion-detail">
                named {times(s.count)}
                {s.matched !== s.name ? `, as “${s.matched}”` : ''}
              </span>{' '}
              <button type="submit" name="intent" value={addTopicIntent(s.topicId)} class="button button-secondary button-small">
                Add<span class="visually-hidden"> {s.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {canCreate && proposed.length > 0 && (
        <>
          <h3>New topics</h3>
          <ul class="nr-suggestion-list" aria-label="New topics">
            {proposed.map((p) => (
              <li>
                <span class="nr-suggestion-name">{p.name}</span>{' '}
                <span class="nr-suggestion-detail">
                  {p.kind}
                  {p.alias ? `, also “${p.alias}”` : ''}, named {times(p.count)}
                </span>{' '}
                <button type="submit" name="intent" value={createTopicIntent(p)} class="button button-secondary button-small">
                  Create topic and add<span class="visually-hidden"> {p.name}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {!canCreate && <p class="hint">Editors also see new people, places and organisations to make topics of.</p>}
    </section>
  );
}

/**
 * "Suggested pull quotes", built like the suggested topics: each button is a submit button of
 * the editor form, so one post saves what was typed and adds the quote. A quote whose speaker
 * was not found is still offered, with a field to say who spoke; its button names that field.
 */
function SuggestedQuotes(p: {
  quotes: EditorQuoteSuggestion[];
  form: ArticleForm;
  errors: Record<string, string>;
  focus?: string | undefined;
}) {
  return (
    <section class="nr-suggestions" id="suggested-quotes" aria-labelledby="suggested-quotes-heading">
      <h2 id="suggested-quotes-heading">Suggested pull quotes</h2>
      <p class="hint">
        From the saved text. A button saves your changes and adds the quote; where no speaker was found, say who it was first.
      </p>
      {p.quotes.length === 0 ? (
        <p class="nr-suggestions-none">Nothing to suggest: the text has no quote the article lacks as a pull quote.</p>
      ) : (
        <ul class="nr-suggestion-list" aria-label="Quotes in the text">
          {p.quotes.map((q, i) => {
            const field = suggestedSpeakerField(i);
            return (
              <li class="nr-suggested-quote">
                <q id={`suggested-quote-${i}`} class="nr-suggestion-quote">
                  {q.text}
                </q>{' '}
                <span class="nr-suggestion-detail">{q.speaker ?? 'Speaker not found'}</span>{' '}
                {q.speaker === null && (
                  <Field
                    name={field}
                    label="Who said it?"
                    value={p.form.suggestedSpeakers[field] ?? ''}
                    error={p.errors[field]}
                    focus={p.focus === field}
                    maxLength={MAX_SPEAKER}
                  />
                )}
                <button
                  type="submit"
                  name="intent"
                  value={addQuoteIntent(q.speaker === null ? { text: q.text, speakerField: field } : { text: q.text, speaker: q.speaker })}
                  class="button button-secondary button-small"
                  aria-describedby={`suggested-quote-${i}`}
                >
                  Use as pull quote
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Choices({ id, values }: { id: string; values: string[] }) {
  return (
    <datalist id={id}>
      {values.map((v) => (
        <option value={v} />
      ))}
    </datalist>
  );
}

/** The conflict: their saved text beside the refused one, both kept on screen. */
function ConflictView({ conflict, mine }: { conflict: EditorConflict; mine: ArticleForm }) {
  const rows: Array<[string, (f: ArticleForm) => string]> = [
    ['Headline', (f) => f.headline],
    ['Standfirst', (f) => f.standfirst],
    ['Body', (f) => f.body],
    ['Topics', (f) => f.topics.join(', ')],
  ];
  return (
    <section class="nr-conflict" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading">Saved by someone else: version {conflict.theirVersion}</h2>
      <div class="nr-table-wrap">
        <table class="nr-table nr-side-by-side">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Their saved version</th>
              <th scope="col">Your text (not saved)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, get]) => (
              <tr class={get(conflict.theirs) === get(mine) ? undefined : 'nr-differs'}>
                <th scope="row">{label}</th>
                <td class="nr-text" data-side="theirs">
                  {get(conflict.theirs)}
                </td>
                <td class="nr-text" data-side="mine">
                  {get(mine)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** `/newsroom/articles/new` and `/newsroom/articles/:id`: the editor. */
export function ArticleEditorPage(p: ArticleEditorProps) {
  const { chrome, form, state, choices } = p;
  const actor = chrome.actor!;
  const csrf = chrome.csrfToken ?? '';
  const errors = p.errors ?? {};
  const focus = firstError(errors, ORDER);
  const action = state ? `/newsroom/articles/${state.id}` : '/newsroom/articles';
  const quoteRows = [...form.quotes, ...Array.from({ length: SPARE_QUOTE_ROWS }, () => ({ text: '', speaker: '' }))];
  // Only drafts being written are saved as you type; anything further along is saved on purpose.
  const autosave = state !== null && state.status === 'draft' && state.stage === 'writing';
  return (
    <NewsroomLayout chrome={chrome} title={state ? `Edit: ${form.headline || 'article'}` : 'Write an article'} current="/newsroom/articles">
      <p class="nr-breadcrumb">
        <a href="/newsroom/articles">Articles</a>
      </p>
      <h1>{state ? 'Edit article' : 'Write an article'}</h1>
      {p.notice && <Notice>{p.notice}</Notice>}
      {p.previewLink && (
        <Notice>
          Preview link, valid until {formatDateTime(p.previewLink.expiresAt)}:{' '}
          <input class="nr-link-box" readOnly value={p.previewLink.url} aria-label="Preview link" id="preview-link" />
        </Notice>
      )}
      {p.lockedBy && (
        <p class="nr-lock-banner" role="status">
          Being edited by {p.lockedBy}. Nothing is lost if you both save: the later save is refused and shows you both texts.
        </p>
      )}
      {state?.reviewNote && state.status === 'draft' && state.stage === 'writing' && (
        <div class="nr-review-note" role="note">
          <h2>Sent back by an editor</h2>
          <p>{state.reviewNote}</p>
        </div>
      )}
      <ErrorSummary errors={errors} labels={FIELD_LABELS} message={p.message} />
      {p.conflict && <ConflictView conflict={p.conflict} mine={form} />}
      <div class={state ? 'nr-editor-layout' : undefined}>
        <form
          method="post"
          action={action}
          class="nr-editor"
          id="article-editor"
          enctype="multipart/form-data"
          data-autosave={autosave ? 'on' : undefined}
          data-article={state?.id}
          noValidate
        >
          <CsrfField token={csrf} />
          <input type="hidden" name="version" value={form.version} />
          <Field
            name="section"
            label="Section"
            value={form.section}
            error={errors.section}
            required
            focus={focus === 'section'}
            maxLength={100}
            list="choices-sections"
          />
          <Field
            name="kicker"
            label="Kicker"
            hint="The label above the headline; leave empty to show the section name."
            value={form.kicker}
            error={errors.kicker}
            focus={focus === 'kicker'}
            maxLength={60}
          />
          <Field
            name="headline"
            label="Headline"
            value={form.headline}
            error={errors.headline}
            required
            focus={focus === 'headline' || (!state && !focus)}
            maxLength={300}
          />
          <TextArea
            name="standfirst"
            label="Standfirst"
            value={form.standfirst}
            error={errors.standfirst}
            rows={2}
            focus={focus === 'standfirst'}
            maxLength={1000}
          />
          <TextArea
            name="body"
            label="Body"
            hint="Markdown: a blank line between paragraphs, **bold**, *italic*, [links](https://…), > quotes. HTML is shown as text. Pictures come from the media library: ![what it shows](media:…), copied from the picture’s page."
            value={form.body}
            error={errors.body}
            rows={18}
            className="nr-body"
            focus={focus === 'body'}
          />
          <div class="nr-form-actions">
            <button type="submit" name="intent" value="save" class="button">
              {state ? 'Save' : 'Save draft'}
            </button>
            <button type="submit" name="intent" value="preview" class="button button-secondary">
              Preview
            </button>
            <span class="nr-autosave-status" aria-live="polite"></span>
          </div>
          <section class="nr-preview" aria-labelledby="preview-heading" hidden={p.preview === undefined}>
            <h2 id="preview-heading">Preview</h2>
            <div class="article">{p.preview !== undefined && <Html className="article-body" html={p.preview} />}</div>
          </section>
          <fieldset>
            <legend>Byline and tags</legend>
            <NameRows
              name="authors"
              idPrefix="author"
              legend="Authors"
              label="Author"
              hint="Pick a name or type a new one; new names get an author page."
              values={form.authors}
              errors={errors}
              list="choices-authors"
            />
            <Field
              name="byline"
              label="Byline"
              hint="Overrides the authors’ names, e.g. “By our Defence Staff”."
              value={form.byline}
              error={errors.byline}
              maxLength={200}
            />
            <NameRows
              name="topics"
              idPrefix="topic"
              legend="Topics"
              label="Topic"
              hint="Pick a topic or type a new one; a name that is not yet a topic becomes one."
              values={form.topics}
              errors={errors}
              list="choices-topics"
            />
            {state && p.suggestions && <SuggestedTopics suggestions={p.suggestions} />}
            <Field name="series" label="Series" value={form.series} error={errors.series} maxLength={200} list="choices-series" />
          </fieldset>
          <fieldset>
            <legend>Pull quotes</legend>
            {quoteRows.map((q, i) => (
              <div class="nr-row">
                <Field name={`quoteText-${i}`} label={`Quote ${i + 1}`} value={q.text} error={errors[`quoteText-${i}`]} maxLength={2000} />
                <Field name={`quoteSpeaker-${i}`} label="Speaker" value={q.speaker} error={errors[`quoteSpeaker-${i}`]} maxLength={200} />
              </div>
            ))}
            {state && p.suggestedQuotes && <SuggestedQuotes quotes={p.suggestedQuotes} form={form} errors={errors} focus={focus} />}
          </fieldset>
          <fieldset>
            <legend>Hero image</legend>
            <SelectField
              name="heroMediaId"
              label="Picture from the library"
              value={form.heroMediaId}
              options={[['', 'None'], ...choices.pictures]}
              error={errors.heroMediaId}
              focus={focus === 'heroMediaId'}
            />
            <p class="hint">
              <a href="/newsroom/media">Describe pictures and set their focal points in the media library.</a> Its alt text and credit go
              with it.
            </p>
            <FileField
              name="heroUpload"
              label="Or upload a new picture"
              hint="JPEG, PNG, WebP or AVIF. It joins the library and becomes the hero."
              accept={IMAGE_TYPES}
              error={errors.heroUpload}
              focus={focus === 'heroUpload'}
            />
            <Field
              name="heroUploadAlt"
              label="Alt text for the new picture"
              hint="What it shows, for those who cannot see it: needed before publication."
              value={form.heroUploadAlt}
              error={errors.heroUploadAlt}
              maxLength={1000}
            />
            <Field
              name="heroCaption"
              label="Caption"
              hint="For a library picture, leave empty to use its own caption."
              value={form.heroCaption}
              error={errors.heroCaption}
              maxLength={500}
            />
            <details class="nr-details" open={!form.heroMediaId && form.heroUrl !== ''}>
              <summary>Or a picture by its address</summary>
              <Field name="heroUrl" label="Image address" value={form.heroUrl} error={errors.heroUrl} maxLength={2000} />
              <Field
                name="heroAlt"
                label="Alt text"
                hint="What the picture shows, for those who cannot see it."
                value={form.heroAlt}
                error={errors.heroAlt}
                maxLength={300}
              />
              <Field name="heroCredit" label="Credit" value={form.heroCredit} error={errors.heroCredit} maxLength={200} />
            </details>
          </fieldset>
          <fieldset>
            <legend>Search and sharing</legend>
            <Field
              name="seoTitle"
              label="Search title"
              hint="Leave empty to use the headline."
              value={form.seoTitle}
              error={errors.seoTitle}
              maxLength={120}
            />
            <TextArea
              name="seoDescription"
              label="Search description"
              hint="Leave empty to use the standfirst."
              value={form.seoDescription}
              error={errors.seoDescription}
              rows={2}
              maxLength={300}
            />
          </fieldset>
          <fieldset>
            <legend>Embargo</legend>
            <Field
              name="embargo"
              type="datetime-local"
              label="Not to be published before (UK time)"
              value={form.embargo}
              error={errors.embargo}
              focus={focus === 'embargo'}
            />
          </fieldset>
          <div class="nr-form-actions">
            <button type="submit" name="intent" value="save" class="button">
              {state ? 'Save' : 'Save draft'}
            </button>
          </div>
          <Choices id="choices-sections" values={choices.sections} />
          <Choices id="choices-series" values={choices.series} />
          <Choices id="choices-topics" values={choices.topics} />
          <Choices id="choices-authors" values={choices.authors} />
        </form>
        {state && <Workflow actor={actor} state={state} csrf={csrf} />}
      </div>
      <script src={p.script} defer></script>
    </NewsroomLayout>
  );
}
