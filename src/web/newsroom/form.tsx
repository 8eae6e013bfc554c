import type { ComponentChildren } from 'preact';

/** Messages by field name; the order of the form's fields decides which gets focus. */
export type FieldErrors = Record<string, string>;

/** The session-bound CSRF token every state-changing newsroom form carries. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/**
 * "There is a problem" with a link to each field in error, announced when the page loads
 * (role="alert"); without JavaScript, the first field in error takes focus (`autofocus`).
 */
export function ErrorSummary({
  errors,
  labels,
  message,
}: {
  errors: FieldErrors;
  labels: Record<string, string>;
  message?: string | undefined;
}) {
  const fields = Object.keys(errors);
  if (fields.length === 0 && !message) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">There is a problem</h2>
      {message && <p>{message}</p>}
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li>
              <a href={`#${f}`}>
                {labels[f] ?? f}: {errors[f]}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'datetime-local' | 'date';
  value?: string;
  error?: string | undefined;
  hint?: string;
  autoComplete?: string;
  required?: boolean;
  /** The first field in error (or the first field of an empty form) takes focus. */
  focus?: boolean;
  maxLength?: number;
  /** The id of a <datalist> of suggestions. */
  list?: string;
  /** For a repeated field (`topics` in several inputs): the input's own id (default: the name). */
  id?: string;
}

/**
 * The frame every form control sits in: its label, hint and error, in that order, with the
 * ids the control's aria-describedby points at.
 */
function FieldFrame(p: { id: string; label: string; hint?: string | undefined; error?: string | undefined; children: ComponentChildren }) {
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={p.id}>{p.label}</label>
      {p.hint && (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="field-error" id={`${p.id}-error`}>
          <span class="visually-hidden">Error: </span>
          {p.error}
        </p>
      )}
      {p.children}
    </div>
  );
}

/** The ids of a control's hint and error, for aria-describedby (undefined when it has neither). */
const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A labelled input whose error and hint are tied to it for screen readers. */
export function Field(p: FieldProps) {
  const id = p.id ?? p.name;
  return (
    <FieldFrame id={id} label={p.label} hint={p.hint} error={p.error}>
      <input
        id={id}
        name={p.name}
        // Preact types `type` per input kind; one field component serves several kinds.
        type={(p.type ?? 'text') as 'text'}
        value={p.value ?? ''}
        autoComplete={p.autoComplete}
        required={p.required}
        maxLength={p.maxLength}
        list={p.list}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
        autoFocus={p.focus}
      />
    </FieldFrame>
  );
}

/** The picture formats the media library takes, for a file input's `accept`. */
export const IMAGE_TYPES = 'image/jpeg,image/png,image/webp,image/avif';

/** A labelled file input (one file, or several with `multiple`), with its hint and error tied to it. */
export function FileField(p: {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  accept: string;
  multiple?: boolean;
  required?: boolean;
  focus?: boolean;
}) {
  return (
    <FieldFrame id={p.name} label={p.label} hint={p.hint} error={p.error}>
      <input
        id={p.name}
        name={p.name}
        type="file"
        accept={p.accept}
        multiple={p.multiple}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
        autoFocus={p.focus}
      />
    </FieldFrame>
  );
}

/** A labelled multi-line text box, with its hint and error tied to it like `Field`'s. */
export function TextArea(p: {
  name: string;
  label: string;
  value: string;
  rows?: number;
  error?: string | undefined;
  hint?: string;
  focus?: boolean;
  required?: boolean;
  maxLength?: number;
  className?: string;
  /** When two forms on a page share a field name, the id tells them apart (default: the name). */
  id?: string;
}) {
  const id = p.id ?? p.name;
  return (
    <FieldFrame id={id} label={p.label} hint={p.hint} error={p.error}>
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 3}
        class={p.className}
        required={p.required}
        maxLength={p.maxLength}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
        autoFocus={p.focus}
      >
        {p.value}
      </textarea>
    </FieldFrame>
  );
}

/** A select of `options`, labelled and tied to its error. */
export function SelectField(p: {
  name: string;
  label: string;
  value: string;
  options: Array<[string, string]>;
  error?: string | undefined;
  focus?: boolean;
  id?: string;
}) {
  const id = p.id ?? p.name;
  return (
    <FieldFrame id={id} label={p.label} error={p.error}>
      <select
        id={id}
        name={p.name}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, undefined, p.error)}
        autoFocus={p.focus}
      >
        {p.options.map(([value, label]) => (
          <option value={value} selected={value === p.value}>
            {label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** Which of `order` gets focus: the first with an error, else none. */
export const firstError = (errors: FieldErrors, order: string[]): string | undefined => order.find((f) => errors[f] !== undefined);

/** A notice at the top of a page ("Role changed.") after a post/redirect/get. */
export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice" role="status">
      {children}
    </div>
  );
}
