import { ROLES, type Role } from '../../domain/access/index.js';
import type { LinkDelivery, StaffUser } from '../../domain/staff/index.js';
import { CsrfField, ErrorSummary, Field, Notice, SelectField, firstError, type FieldErrors } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

const ROLE_OPTIONS: Array<[string, string]> = ROLES.map((r) => [r, r[0]!.toUpperCase() + r.slice(1)]);

/** What the invite form held when it came back with errors. */
export interface InviteForm {
  email: string;
  name: string;
  role: string;
}

/** `/newsroom/staff`: every account with its role and state, and the invite form (admins). */
export function StaffPage(props: {
  chrome: NewsroomChrome;
  users: StaffUser[];
  invite?: InviteForm;
  errors?: FieldErrors;
  notice?: string | undefined;
  problem?: string | undefined;
}) {
  const { chrome, users, notice, problem } = props;
  const errors = props.errors ?? {};
  const invite = props.invite ?? { email: '', name: '', role: 'contributor' };
  const focus = firstError(errors, ['email', 'name', 'role']);
  const me = chrome.actor!;
  return (
    <NewsroomLayout chrome={chrome} title="Staff" current="/newsroom/staff">
      <h1>Staff</h1>
      {notice && <Notice>{notice}</Notice>}
      {problem && <ErrorSummary errors={{}} labels={{}} message={problem} />}
      <div class="nr-table-wrap">
        <table class="nr-table">
          <caption class="visually-hidden">Staff accounts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr class={u.status === 'disabled' ? 'is-disabled' : undefined}>
                <th scope="row">
                  {u.name}
                  {u.id === me.id && <span class="nr-you"> (you)</span>}
                  <br />
                  <span class="small">{u.email}</span>
                </th>
                <td>
                  <form method="post" action={`/newsroom/staff/${u.id}/role`} class="nr-inline-form">
                    <CsrfField token={chrome.csrfToken!} />
                    <label for={`role-${u.id}`} class="visually-hidden">
                      Role of {u.name}
                    </label>
                    <select id={`role-${u.id}`} name="role">
                      {ROLE_OPTIONS.map(([value, label]) => (
                        <option value={value} selected={value === u.role}>
                          {label}
                        </option>
                      ))}
                    </select>
                    <button type="submit" class="button button-small">
                      Save<span class="visually-hidden"> role of {u.name}</span>
                    </button>
                  </form>
                </td>
                <td>
                  {u.status === 'disabled' ? 'Disabled' : u.hasPassword ? 'Active' : 'Invited (no password yet)'}
                  {u.twoFactor && <span class="small"> · two-factor on</span>}
                </td>
                <td class="nr-actions">
                  <form method="post" action={`/newsroom/staff/${u.id}/link`} class="nr-inline-form">
                    <CsrfField token={chrome.csrfToken!} />
                    <button type="submit" class="button button-small button-secondary">
                      {u.hasPassword ? 'Reset link' : 'New invitation link'}
                      <span class="visually-hidden"> for {u.name}</span>
                    </button>
                  </form>
                  <form
                    method="post"
                    action={`/newsroom/staff/${u.id}/${u.status === 'disabled' ? 'enable' : 'disable'}`}
                    class="nr-inline-form"
                  >
                    <CsrfField token={chrome.csrfToken!} />
                    <button type="submit" class="button button-small button-secondary">
                      {u.status === 'disabled' ? 'Enable' : 'Disable'}
                      <span class="visually-hidden"> {u.name}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="invite-heading" class="nr-panel">
        <h2 id="invite-heading">Invite someone</h2>
        <p>They get a link to set their own password, valid for 24 hours. Until email is set up, you pass the link on to them.</p>
        <ErrorSummary errors={errors} labels={{ email: 'Email address', name: 'Name', role: 'Role' }} />
        <form method="post" action="/newsroom/staff" class="nr-form" novalidate>
          <CsrfField token={chrome.csrfToken!} />
          <Field
            name="email"
            label="Email address"
            type="email"
            value={invite.email}
            error={errors.email}
            focus={focus === 'email'}
            autoComplete="off"
            maxLength={254}
          />
          <Field
            name="name"
            label="Name"
            value={invite.name}
            error={errors.name}
            focus={focus === 'name'}
            autoComplete="off"
            maxLength={120}
          />
          <SelectField name="role" label="Role" value={invite.role} options={ROLE_OPTIONS} error={errors.role} focus={focus === 'role'} />
          <button type="submit" class="button">
            Invite
          </button>
        </form>
      </section>
    </NewsroomLayout>
  );
}

/** A one-time link, shown once to the admin who made it. */
export function LinkIssuedPage(props: {
  chrome: NewsroomChrome;
  user: { name: string; email: string; role?: Role };
  link: string;
  kind: 'invitation' | 'reset';
  delivery: LinkDelivery;
}) {
  const { chrome, user, link, kind, delivery } = props;
  const what = kind === 'invitation' ? 'an invitation' : 'a password reset link';
  const lasts = kind === 'invitation' ? '24 hours' : '1 hour';
  return (
    <NewsroomLayout
      chrome={chrome}
      title={delivery.sent ? (kind === 'invitation' ? 'Invitation sent' : 'Reset link sent') : 'Link not sent'}
      current="/newsroom/staff"
    >
      <div class="nr-narrow">
        <h1>{kind === 'invitation' ? `Invitation for ${user.name}` : `Password reset link for ${user.name}`}</h1>
        {delivery.sent ? (
          <Notice>
            We emailed {what} to {user.name} at {user.email}. It works once, for {lasts}; any earlier link stops working.
            {delivery.via === 'outbox' && (
              <>
                {' '}
                No mail server is set up (SMTP_URL), so the email is in the <a href="/newsroom/outbox">outbox</a>.
              </>
            )}
          </Notice>
        ) : (
          <>
            <ErrorSummary errors={{}} labels={{}} message={`The email to ${user.email} could not be sent. ${delivery.reason}`} />
            <p>
              Send this link to {user.name} yourself. It works once, for {lasts}; any earlier link stops working. It is shown only now.
            </p>
            <label for="issued-link">Link</label>
            <input id="issued-link" class="nr-link-box" type="text" value={link} readOnly autoFocus />
          </>
        )}
        <p>
          <a href="/newsroom/staff">Back to staff</a>
        </p>
      </div>
    </NewsroomLayout>
  );
}
