import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { Logger } from '../../kernel/logger.js';
import { hashSecret, newSecret } from '../../kernel/secrets.js';
import { parseInput } from '../../kernel/validation.js';
import { MailNotSent, type Mailer } from '../../mail/index.js';
import { assertCan, type Actor, type Role, type StaffActor } from '../access/index.js';
import type { AuditService } from '../audit/index.js';
import type { Outbox, Tx } from '../outbox/index.js';
import { clearThrottle, countFailure as countThrottled, findThrottle } from '../shared/index.js';
import { assertStrongPassword, checkPassword, hashPassword, needsRehash } from './passwords.js';
import { passwordLinkMail, type LinkPurpose } from './password-link-mail.js';
import { groupedSecret, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, totpStep, totpUri } from './two-factor.js';
import * as repo from './staff.repository.js';
import { emailKey, emailSchema, newStaffSchema, roleSchema, type NewStaffInput } from './staff.schemas.js';
import type { StaffTokenPurpose, StaffUsersTable } from './staff.table.js';

/** A staff account as the newsroom lists it (never its password hash or second-factor secret). */
export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: 'active' | 'disabled';
  /** False until the person has set a password through their link. */
  hasPassword: boolean;
  twoFactor: boolean;
  createdAt: string;
}

/** A signed-in session, as each newsroom request sees it. */
export interface StaffSession {
  actor: StaffActor;
  /** The token this session's forms must carry. */
  csrfToken: string;
  /** Identifies the session (the hash of its id) for sign-out and password change. */
  sessionHash: string;
  /** The absolute end of the session. */
  expiresAt: string;
  /** Whether the account has a second factor. */
  twoFactor: boolean;
  /** An admin without a second factor while the site requires one: only enrolment is open. */
  mustEnrolTwoFactor: boolean;
}

/** Where a request came from, for the audit log and throttling. */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string;
}

/** A sign-in that succeeded: the new session's id (for the cookie) and its CSRF token. */
export interface SignedIn {
  sessionId: string;
  session: StaffSession;
}

/** A right password on an account with a second factor: the code comes next, with this token. */
export interface SecondFactorNeeded {
  secondFactorToken: string;
}

/** A second factor being set up: the secret for an authenticator app, as a QR address and as text. */
export interface TwoFactorSetup {
  uri: string;
  /** The secret in groups of four, for typing in. */
  secret: string;
}

/** How long things last, in milliseconds; the defaults are the issue's. */
export interface StaffTimings {
  /** A session unused this long ends (default 12 hours). */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, however active (default 7 days). */
  sessionMaxMs: number;
  /** An invitation (set-password) link works this long (default 24 hours). */
  inviteMs: number;
  /** A password reset link works this long (default 1 hour). */
  resetMs: number;
}

const DEFAULT_TIMINGS: StaffTimings = {
  sessionIdleMs: 12 * 3600_000,
  sessionMaxMs: 7 * 24 * 3600_000,
  inviteMs: 24 * 3600_000,
  resetMs: 3600_000,
};

/** The code step of a sign-in must follow the password step within this time. */
const SECOND_FACTOR_MS = 5 * 60_000;

/**
 * Throttling, kept in the database so it holds across instances and restarts. The pair limit
 * (one address from one network address) stops guessing at an account; it never locks the
 * real person out from elsewhere. The per-IP limit stops one source spraying many accounts.
 */
const LIMITS = {
  pair: { failures: 5, windowMs: 60_000 },
  ip: { failures: 50, windowMs: 15 * 60_000 },
  /** Reset requests for one address: past this, more requests change nothing (and say nothing). */
  resetAccount: { failures: 3, windowMs: 24 * 3600_000 },
  /** Reset requests from one network address, whatever the addresses asked for. */
  resetIp: { failures: 10, windowMs: 3600_000 },
} as const;

/** Sessions are refreshed at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

const SIGN_IN_FAILED = 'That email address and password do not match an account. Check them and try again.';

/** Whether a password link reached its owner: sent (over SMTP, or into the outbox), or not, and why. */
export type LinkDelivery = { sent: true; via: Mailer['kind'] } | { sent: false; reason: string };

export function createStaffService(deps: {
  db: Executor;
  clock: Clock;
  outbox: Outbox;
  audit: AuditService;
  siteUrl: string;
  log: Logger;
  timings?: Partial<StaffTimings>;
  /** The site's security policy: whether admins must have a second factor. */
  policy?: () => Promise<{ requireAdminTwoFactor: boolean }>;
  /** How password links are emailed, and the outlet's name to sign them with. */
  mail?: { mailer: Mailer; outletName: () => Promise<string> };
}) {
  const { db, clock, outbox, audit } = deps;
  const timings = { ...DEFAULT_TIMINGS, ...deps.timings };
  const now = () => clock.now();
  const iso = (offsetMs = 0) => new Date(now().getTime() + offsetMs).toISOString();
  const linkUrl = (token: string) => `${deps.siteUrl}/newsroom/password/${token}`;

  async function userOrThrow(ex: Executor, userId: string): Promise<StaffUsersTable> {
    const user = await repo.findUserById(ex, userId);
    if (!user) throw notFound('STAFF_NOT_FOUND', 'There is no such staff account.');
    return user;
  }

  /** Fails the write when it would leave the newsroom without an active admin. */
  async function keepAnAdmin(tx: Tx): Promise<void> {
    if ((await repo.countActiveAdmins(tx.db)) === 0)
      throw new AppError(
        'LAST_ADMIN',
        'This is the last active admin: make someone else an admin first, so that someone can still manage staff.',
      );
  }

  /**
   * Emails a password link to its owner, after the link is stored (a failed send leaves a
   * working link that an admin can pass on). The link itself is never logged.
   */
  async function mailLink(user: { name: string; email: string }, link: string, purpose: LinkPurpose): Promise<LinkDelivery> {
    if (!deps.mail) return { sent: false, reason: 'This newsroom has no way to send mail.' };
    const hours = Math.round((purpose === 'set_password' ? timings.inviteMs : timings.resetMs) / 3600_000);
    try {
      const outlet = await deps.mail.outletName();
      await deps.mail.mailer.send(passwordLinkMail({ to: user.email, name: user.name, outlet, link, purpose, hours }));
      return { sent: true, via: deps.mail.mailer.kind };
    } catch (err) {
      deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'a password link could not be emailed');
      return { sent: false, reason: err instanceof MailNotSent ? `The mail server said: ${err.message}` : 'The mail could not be sent.' };
    }
  }

  /** A fresh one-time link for `user`, voiding earlier unused ones for the same purpose. */
  async function newLink(tx: Tx, user: StaffUsersTable, purpose: StaffTokenPurpose, lifetimeMs: number): Promise<string> {
    const token = newSecret();
    await repo.replaceToken(tx.db, {
      token_hash: hashSecret(token),
      user_id: user.user_id,
      purpose,
      created_at: iso(),
      expires_at: iso(lifetimeMs),
      used_at: null,
    });
    return linkUrl(token);
  }

  /** Seconds until `key` may try again, when it has used up its tries for the current window; else null. */
  async function throttledFor(key: string, limit: { failures: number; windowMs: number }): Promise<number | null> {
    const row = await findThrottle(db, key);
    if (!row || row.failures < limit.failures) return null;
    const wait = Math.ceil((new Date(row.window_started_at).getTime() + limit.windowMs - now().getTime()) / 1000);
    return wait > 0 ? wait : null;
  }

  const seconds = (n: number) => (n === 1 ? 'a second' : n < 120 ? `${n} seconds` : `${Math.ceil(n / 60)} minutes`);

  /** Throws SIGN_IN_THROTTLED when `key` has used up its failures for the current window. */
  async function assertNotThrottled(key: string, limit: { failures: number; windowMs: number }): Promise<void> {
    const wait = await throttledFor(key, limit);
    if (wait !== null)
      throw new AppError('SIGN_IN_THROTTLED', `Too many failed sign-ins. Please wait ${seconds(wait)} and try again.`, {}, wait);
  }

  async function countFailure(key: string, limit: { windowMs: number }): Promise<void> {
    await outbox.transaction((tx) => countThrottled(tx.db, key, iso(), iso(-limit.windowMs)));
  }

  async function startSession(tx: Tx, user: StaffUsersTable, meta: RequestMeta, mustEnrolTwoFactor: boolean): Promise<SignedIn> {
    const sessionId = newSecret();
    const row = {
      session_hash: hashSecret(sessionId),
      user_id: user.user_id,
      csrf_token: newSecret(),
      created_at: iso(),
      last_seen_at: iso(),
      expires_at: iso(timings.sessionMaxMs),
      ip: meta.ip ?? '',
      user_agent: (meta.userAgent ?? '').slice(0, 300),
    };
    await repo.insertSession(tx.db, row);
    return {
      sessionId,
      session: {
        actor: toActor(user),
        csrfToken: row.csrf_token,
        sessionHash: row.session_hash,
        expiresAt: row.expires_at,
        twoFactor: user.totp_enabled_at !== null,
        mustEnrolTwoFactor,
      },
    };
  }

  /** True when the site requires admins to have a second factor and this admin has none. */
  async function mustEnrol(role: Role, twoFactor: boolean): Promise<boolean> {
    return role === 'admin' && !twoFactor && ((await deps.policy?.())?.requireAdminTwoFactor ?? false);
  }

  /** Ends a sign-in: the throttle for this address and network address cleared, a new session, an audit entry. */
  async function finishSignIn(
    tx: Tx,
    user: StaffUsersTable,
    pairKey: string,
    previousSessionId: string | undefined,
    how: string,
    meta: RequestMeta,
    // Worked out before the transaction: reading the policy inside it would wait for the
    // connection the transaction holds (SQLite has one).
    enrol: boolean,
  ) {
    await clearThrottle(tx.db, pairKey);
    // A new session id at every sign-in: an id planted before sign-in is worth nothing after it.
    if (previousSessionId) await repo.deleteSession(tx.db, hashSecret(previousSessionId));
    const signedIn = await startSession(tx, user, meta, enrol);
    await audit.record(tx, {
      actor: signedIn.session.actor,
      action: 'staff.signed_in',
      subject: { type: 'staff', id: user.user_id },
      summary: how,
      ip: meta.ip,
    });
    return signedIn;
  }

  /** Counts a failed sign-in step against the address-and-network-address pair and the network address, and logs it. */
  async function failSignIn(
    user: StaffUsersTable | undefined,
    pairKey: string,
    ipKey: string,
    what: string,
    meta: RequestMeta,
  ): Promise<void> {
    await countFailure(pairKey, LIMITS.pair);
    await countFailure(ipKey, LIMITS.ip);
    await audit.recordAlone({
      actor: user ? toActor(user) : { kind: 'system', name: 'sign-in' },
      action: what === 'password' ? 'staff.sign_in_failed' : 'staff.second_factor_failed',
      ...(user ? { subject: { type: 'staff', id: user.user_id } } : {}),
      summary:
        what === 'password'
          ? user
            ? `Failed sign-in for ${user.email}`
            : 'Failed sign-in for an unknown address'
          : `Wrong second-factor code for ${user?.email}`,
      ip: meta.ip,
    });
  }

  /** What a set-password link is for, or LINK_INVALID (410) when it is unknown, used or expired. */
  async function checkPasswordLink(token: string): Promise<{ purpose: 'set_password' | 'reset_password'; name: string; email: string }> {
    const hash = hashSecret(token);
    for (const purpose of ['set_password', 'reset_password'] as const) {
      const row = await repo.findToken(db, hash, purpose);
      if (!row) continue;
      const user = await repo.findUserById(db, row.user_id);
      if (row.used_at || row.expires_at <= iso() || !user || user.status !== 'active') break;
      return { purpose, name: user.name, email: user.email };
    }
    throw new AppError('LINK_INVALID', 'This link has expired or has been used already. Ask an admin for a new one.');
  }

  return {
    /**
     * Creates an account (admins, and the system for the very first admin). With a password
     * the person can sign in at once; without, a set-password link valid for 24 hours is
     * emailed to them, and the answer carries it and whether the mail went.
     */
    async createUser(
      actor: Actor,
      raw: NewStaffInput & { password?: string | undefined },
      meta: RequestMeta = {},
    ): Promise<{ user: StaffUser; link: string | null; delivery: LinkDelivery | null }> {
      assertCan(actor, 'staff.manage');
      const input = parseInput(newStaffSchema, raw);
      if (raw.password !== undefined) assertStrongPassword(raw.password, input);
      const passwordHash = raw.password !== undefined ? await hashPassword(raw.password) : null;
      const created = await outbox.transaction(async (tx) => {
        const row: StaffUsersTable = {
          user_id: newId(),
          email: input.email,
          email_key: emailKey(input.email),
          name: input.name,
          role: input.role,
          status: 'active',
          password_hash: passwordHash,
          totp_secret: null,
          totp_enabled_at: null,
          totp_last_step: null,
          created_at: iso(),
          updated_at: iso(),
        };
        if (!(await repo.insertUser(tx.db, row)))
          throw new AppError('EMAIL_TAKEN', `There is already an account for ${input.email}.`, { email: 'already has an account' });
        const link = passwordHash ? null : await newLink(tx, row, 'set_password', timings.inviteMs);
        await audit.record(tx, {
          actor,
          action: 'staff.created',
          subject: { type: 'staff', id: row.user_id },
          summary: `Created ${input.role} account for ${input.name} <${input.email}>${link ? ' and issued a set-password link' : ''}`,
          ip: meta.ip,
        });
        return { user: toUser(row), link };
      });
      return { ...created, delivery: created.link ? await mailLink(created.user, created.link, 'set_password') : null };
    },

    /** Every account (admins only). */
    async listUsers(actor: Actor): Promise<StaffUser[]> {
      assertCan(actor, 'staff.manage');
      return (await repo.listUsers(db)).map(toUser);
    },

    /** One account by id (admins only). */
    async getUser(actor: Actor, userId: string): Promise<StaffUser> {
      assertCan(actor, 'staff.manage');
      return toUser(await userOrThrow(db, userId));
    },

    /** One account by address (admins, and the command line's `user role EMAIL …`). */
    async findUserByEmail(actor: Actor, email: string): Promise<StaffUser> {
      assertCan(actor, 'staff.manage');
      const user = await repo.findUserByEmailKey(db, emailKey(parseInput(emailSchema, email)));
      if (!user) throw notFound('STAFF_NOT_FOUND', `There is no staff account for ${email}.`);
      return toUser(user);
    },

    /** The command line's `--as EMAIL`: that active account as the actor, checked by the same rules. */
    async actAs(email: string): Promise<StaffActor> {
      const user = await repo.findUserByEmailKey(db, emailKey(email));
      if (!user || user.status !== 'active') throw notFound('STAFF_NOT_FOUND', `There is no active staff account for ${email}.`);
      return toActor(user);
    },

    /** Gives an account another role; the last active admin cannot stop being one. */
    async changeRole(actor: Actor, userId: string, role: Role, meta: RequestMeta = {}): Promise<StaffUser> {
      assertCan(actor, 'staff.manage');
      const next = parseInput(roleSchema, role);
      return outbox.transaction(async (tx) => {
        await repo.lockAdmins(tx.db);
        const user = await userOrThrow(tx.db, userId);
        if (user.role === next) return toUser(user);
        await repo.updateUser(tx.db, userId, { role: next, updated_at: iso() });
        await keepAnAdmin(tx);
        await audit.record(tx, {
          actor,
          action: 'staff.role_changed',
          subject: { type: 'staff', id: userId },
          summary: `Changed ${user.name}'s role from ${user.role} to ${next}`,
          ip: meta.ip,
        });
        return toUser({ ...user, role: next });
      });
    },

    /** Disables an account and ends its sessions at once; the last active admin cannot be disabled. */
    async disableUser(actor: Actor, userId: string, meta: RequestMeta = {}): Promise<StaffUser> {
      assertCan(actor, 'staff.manage');
      return outbox.transaction(async (tx) => {
        await repo.lockAdmins(tx.db);
        const user = await userOrThrow(tx.db, userId);
        if (user.status === 'disabled') return toUser(user);
        await repo.updateUser(tx.db, userId, { status: 'disabled', updated_at: iso() });
        await keepAnAdmin(tx);
        const ended = await repo.deleteSessionsOfUser(tx.db, userId);
        await audit.record(tx, {
          actor,
          action: 'staff.disabled',
          subject: { type: 'staff', id: userId },
          summary: `Disabled ${user.name}'s account and ended ${ended} session${ended === 1 ? '' : 's'}`,
          ip: meta.ip,
        });
        return toUser({ ...user, status: 'disabled' });
      });
    },

    /** Lets a disabled account sign in again. */
    async enableUser(actor: Actor, userId: string, meta: RequestMeta = {}): Promise<StaffUser> {
      assertCan(actor, 'staff.manage');
      return outbox.transaction(async (tx) => {
        const user = await userOrThrow(tx.db, userId);
        if (user.status === 'active') return toUser(user);
        await repo.updateUser(tx.db, userId, { status: 'active', updated_at: iso() });
        await audit.record(tx, {
          actor,
          action: 'staff.enabled',
          subject: { type: 'staff', id: userId },
          summary: `Enabled ${user.name}'s account`,
          ip: meta.ip,
        });
        return toUser({ ...user, status: 'active' });
      });
    },

    /**
     * A one-time link for someone to set their password: an invitation (24 hours) or a reset
     * (1 hour), emailed to them; when the mail does not go, the admin passes the link on.
     */
    async issuePasswordLink(
      actor: Actor,
      userId: string,
      purpose: LinkPurpose,
      meta: RequestMeta = {},
    ): Promise<{ link: string; delivery: LinkDelivery }> {
      assertCan(actor, 'staff.manage');
      const { link, user } = await outbox.transaction(async (tx) => {
        const user = await userOrThrow(tx.db, userId);
        const link = await newLink(tx, user, purpose, purpose === 'set_password' ? timings.inviteMs : timings.resetMs);
        await audit.record(tx, {
          actor,
          action: purpose === 'set_password' ? 'staff.invite_link_issued' : 'staff.reset_link_issued',
          subject: { type: 'staff', id: userId },
          summary: `Issued a ${purpose === 'set_password' ? 'set-password' : 'password reset'} link for ${user.name}`,
          ip: meta.ip,
        });
        return { link, user };
      });
      return { link, delivery: await mailLink(user, link, purpose) };
    },

    /** What a set-password link is for, or LINK_INVALID (410) when it is unknown, used or expired. */
    checkPasswordLink,

    /** Sets a password through a one-time link; every session of the account ends (a reset may follow a theft). */
    async setPasswordWithLink(token: string, password: string, meta: RequestMeta = {}): Promise<StaffUser> {
      const { email, name } = await checkPasswordLink(token);
      assertStrongPassword(password, { email, name });
      const passwordHash = await hashPassword(password);
      const hash = hashSecret(token);
      return outbox.transaction(async (tx) => {
        const row = (await repo.findToken(tx.db, hash, 'set_password')) ?? (await repo.findToken(tx.db, hash, 'reset_password'));
        if (!row || !(await repo.useToken(tx.db, hash, iso())) || row.expires_at <= iso())
          throw new AppError('LINK_INVALID', 'This link has expired or has been used already. Ask an admin for a new one.');
        const user = await userOrThrow(tx.db, row.user_id);
        await repo.updateUser(tx.db, user.user_id, { password_hash: passwordHash, updated_at: iso() });
        await repo.deleteSessionsOfUser(tx.db, user.user_id);
        const self: Actor = toActor(user);
        await audit.record(tx, {
          actor: self,
          action: row.purpose === 'set_password' ? 'staff.password_set' : 'staff.password_reset',
          subject: { type: 'staff', id: user.user_id },
          summary: `${user.name} ${row.purpose === 'set_password' ? 'set their password' : 'reset their password'} through a one-time link`,
          ip: meta.ip,
        });
        return toUser({ ...user, password_hash: passwordHash });
      });
    },

    /** Changes one's own password (the current one is asked again); other sessions end, this one stays. */
    async changePassword(session: StaffSession, current: string, next: string, meta: RequestMeta = {}): Promise<void> {
      const user = await userOrThrow(db, session.actor.id);
      if (!(await checkPassword(user.password_hash, current)))
        throw new AppError('PASSWORD_WRONG', 'Your current password is not right.', { current: 'is not right' });
      assertStrongPassword(next, user);
      const passwordHash = await hashPassword(next);
      await outbox.transaction(async (tx) => {
        await repo.updateUser(tx.db, user.user_id, { password_hash: passwordHash, updated_at: iso() });
        const ended = await repo.deleteSessionsOfUser(tx.db, user.user_id, session.sessionHash);
        await audit.record(tx, {
          actor: session.actor,
          action: 'staff.password_changed',
          subject: { type: 'staff', id: user.user_id },
          summary: `Changed their password; ${ended} other session${ended === 1 ? '' : 's'} ended`,
          ip: meta.ip,
        });
      });
    },

    /**
     * Signs in with an address and password. Unknown addresses, wrong passwords and disabled
     * accounts get the same answer in the same time; failures count against the address from
     * this network address, and against the network address, in the database.
     */
    async signIn(
      input: { email: string; password: string; previousSessionId?: string | undefined },
      meta: RequestMeta = {},
    ): Promise<SignedIn | SecondFactorNeeded> {
      const key = emailKey(String(input.email ?? '')).slice(0, 254);
      const ip = meta.ip ?? 'unknown';
      const pairKey = `pair:${key}|${ip}`;
      const ipKey = `ip:${ip}`;
      await assertNotThrottled(pairKey, LIMITS.pair);
      await assertNotThrottled(ipKey, LIMITS.ip);
      const user = key ? await repo.findUserByEmailKey(db, key) : undefined;
      const active = user?.status === 'active' ? user : undefined;
      const ok = await checkPassword(active?.password_hash ?? null, String(input.password ?? ''));
      if (!ok || !active) {
        await failSignIn(user, pairKey, ipKey, 'password', meta);
        throw new AppError('SIGN_IN_FAILED', SIGN_IN_FAILED);
      }
      const rehash = needsRehash(active.password_hash!) ? await hashPassword(String(input.password)) : null;
      const enrol = await mustEnrol(active.role, active.totp_enabled_at !== null);
      return outbox.transaction(async (tx) => {
        if (rehash) await repo.updateUser(tx.db, active.user_id, { password_hash: rehash, updated_at: iso() });
        if (active.totp_enabled_at) {
          // The throttle is not cleared yet: guessing codes counts against it like guessing passwords.
          const token = newSecret();
          await repo.replaceToken(tx.db, {
            token_hash: hashSecret(token),
            user_id: active.user_id,
            purpose: 'second_factor',
            created_at: iso(),
            expires_at: iso(SECOND_FACTOR_MS),
            used_at: null,
          });
          return { secondFactorToken: token };
        }
        return finishSignIn(
          tx,
          active,
          pairKey,
          input.previousSessionId,
          `Signed in${rehash ? ' (password hash upgraded)' : ''}`,
          meta,
          enrol,
        );
      });
    },

    /**
     * The second step of signing in to an account with a second factor: a code from the
     * authenticator app (each works once) or an unused recovery code, within five minutes of
     * the password. Wrong codes are throttled like wrong passwords.
     */
    async completeSecondFactor(
      input: { token: string; code: string; previousSessionId?: string | undefined },
      meta: RequestMeta = {},
    ): Promise<SignedIn> {
      const expired = () => new AppError('LINK_INVALID', 'This sign-in took too long or was finished already. Please sign in again.');
      const tokenHash = hashSecret(String(input.token ?? ''));
      const row = await repo.findToken(db, tokenHash, 'second_factor');
      if (!row || row.used_at || row.expires_at <= iso()) throw expired();
      const user = await repo.findUserById(db, row.user_id);
      if (!user || user.status !== 'active' || !user.totp_secret || !user.totp_enabled_at) throw expired();
      const ip = meta.ip ?? 'unknown';
      const pairKey = `pair:${user.email_key}|${ip}`;
      const ipKey = `ip:${ip}`;
      await assertNotThrottled(pairKey, LIMITS.pair);
      await assertNotThrottled(ipKey, LIMITS.ip);
      const code = String(input.code ?? '');
      const step = await totpStep(user.totp_secret, code, now().getTime(), user.totp_last_step);
      const enrol = await mustEnrol(user.role, true);
      const signedIn = await outbox.transaction(async (tx) => {
        if (!(await repo.useToken(tx.db, tokenHash, iso()))) throw expired();
        let how: string | null = null;
        if (step !== null && (await repo.acceptTotpStep(tx.db, user.user_id, step))) how = 'Signed in with a second factor';
        else if (step === null && (await repo.useRecoveryCode(tx.db, user.user_id, hashSecret(normaliseRecoveryCode(code)), iso()))) {
          const left = await repo.countUnusedRecoveryCodes(tx.db, user.user_id);
          how = `Signed in with a recovery code (${left} left)`;
        }
        if (!how) return null;
        return finishSignIn(tx, user, pairKey, input.previousSessionId, how, meta, enrol);
      });
      if (signedIn) return signedIn;
      await failSignIn(user, pairKey, ipKey, 'code', meta);
      // The password step must be done again: a wrong code does not keep the door half open.
      throw new AppError(
        'TWO_FACTOR_INVALID',
        'That code is not right. Sign in again and enter the current code from your authenticator app, or a recovery code.',
      );
    },

    /** Starts setting up a second factor: a new secret, pending until a code from it is confirmed. */
    async beginTwoFactor(session: StaffSession): Promise<TwoFactorSetup> {
      const user = await userOrThrow(db, session.actor.id);
      if (user.totp_enabled_at) throw new AppError('VALIDATION_FAILED', 'Two-factor authentication is already on.', {});
      const secret = newTotpSecret();
      await outbox.transaction((tx) =>
        repo.updateUser(tx.db, user.user_id, { totp_secret: secret, totp_last_step: null, updated_at: iso() }),
      );
      return setupOf(secret, user.email);
    },

    /** The pending setup (for the QR code and the confirmation form), or null when none is pending. */
    async pendingTwoFactor(session: StaffSession): Promise<TwoFactorSetup | null> {
      const user = await userOrThrow(db, session.actor.id);
      return user.totp_secret && !user.totp_enabled_at ? setupOf(user.totp_secret, user.email) : null;
    },

    /** Turns the second factor on with a code from the app; returns ten recovery codes, shown once. */
    async confirmTwoFactor(session: StaffSession, code: string, meta: RequestMeta = {}): Promise<string[]> {
      const user = await userOrThrow(db, session.actor.id);
      if (!user.totp_secret || user.totp_enabled_at)
        throw new AppError('VALIDATION_FAILED', 'Start setting up two-factor authentication first.', {});
      const step = await totpStep(user.totp_secret, code, now().getTime(), null);
      if (step === null) {
        const message = 'That code is not right. Enter the six digits your app shows now.';
        throw new AppError('VALIDATION_FAILED', message, { code: message });
      }
      const codes = newRecoveryCodes();
      await outbox.transaction(async (tx) => {
        await repo.updateUser(tx.db, user.user_id, { totp_enabled_at: iso(), totp_last_step: step, updated_at: iso() });
        await repo.replaceRecoveryCodes(
          tx.db,
          user.user_id,
          codes.map((c) => hashSecret(c)),
        );
        await audit.record(tx, {
          actor: session.actor,
          action: 'staff.two_factor_enabled',
          subject: { type: 'staff', id: user.user_id },
          summary: 'Turned on two-factor authentication',
          ip: meta.ip,
        });
      });
      return codes;
    },

    /** Turns the second factor off (the password is asked again); its recovery codes stop working. */
    async disableTwoFactor(session: StaffSession, password: string, meta: RequestMeta = {}): Promise<void> {
      const user = await userOrThrow(db, session.actor.id);
      if (!(await checkPassword(user.password_hash, password)))
        throw new AppError('PASSWORD_WRONG', 'Your password is not right.', { password: 'is not right' });
      await outbox.transaction(async (tx) => {
        await repo.updateUser(tx.db, user.user_id, { totp_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: iso() });
        await repo.replaceRecoveryCodes(tx.db, user.user_id, []);
        await audit.record(tx, {
          actor: session.actor,
          action: 'staff.two_factor_disabled',
          subject: { type: 'staff', id: user.user_id },
          summary: 'Turned off two-factor authentication',
          ip: meta.ip,
        });
      });
    },

    /**
     * The session a cookie names, or null when it is unknown, idle too long, past its absolute
     * end, or its account is disabled. Refreshes its last use at most once a minute.
     */
    async resolveSession(sessionId: string | undefined): Promise<StaffSession | null> {
      if (!sessionId || sessionId.length > 100) return null;
      const hash = hashSecret(sessionId);
      const row = await repo.findSessionWithUser(db, hash);
      if (!row) return null;
      const at = now().getTime();
      const idleFor = at - new Date(row.last_seen_at).getTime();
      if (row.status !== 'active' || new Date(row.expires_at).getTime() <= at || idleFor >= timings.sessionIdleMs) {
        await outbox.transaction((tx) => repo.deleteSession(tx.db, hash));
        return null;
      }
      if (idleFor >= TOUCH_EVERY_MS) await outbox.transaction((tx) => repo.touchSession(tx.db, hash, iso()));
      const twoFactor = row.totp_enabled_at !== null;
      return {
        actor: { kind: 'staff', id: row.user_id, role: row.role, name: row.name, email: row.email },
        csrfToken: row.csrf_token,
        sessionHash: hash,
        expiresAt: row.expires_at,
        twoFactor,
        mustEnrolTwoFactor: await mustEnrol(row.role, twoFactor),
      };
    },

    /**
     * "Forgotten your password?": the same answer whether or not the address has an account.
     * Limited per network address (then RESET_THROTTLED) and per address (then silently
     * ignored, so the limit reveals nothing). A known, active account is emailed a reset link,
     * and the request is in the audit log.
     */
    async requestPasswordReset(email: string, meta: RequestMeta = {}): Promise<void> {
      const ip = meta.ip ?? 'unknown';
      const ipKey = `reset-ip:${ip}`;
      const wait = await throttledFor(ipKey, LIMITS.resetIp);
      if (wait !== null)
        throw new AppError(
          'RESET_THROTTLED',
          `Too many reset requests from your network. Please wait ${seconds(wait)} and try again.`,
          {},
          wait,
        );
      await countFailure(ipKey, LIMITS.resetIp);
      const key = emailKey(String(email ?? '')).slice(0, 254);
      if (!key) return;
      const accountKey = `reset-account:${key}`;
      if ((await throttledFor(accountKey, LIMITS.resetAccount)) !== null) return;
      await countFailure(accountKey, LIMITS.resetAccount);
      const user = await repo.findUserByEmailKey(db, key);
      if (!user || user.status !== 'active') return;
      const link = await outbox.transaction(async (tx) => {
        const made = await newLink(tx, user, 'reset_password', timings.resetMs);
        await audit.record(tx, {
          actor: toActor(user),
          action: 'staff.reset_requested',
          subject: { type: 'staff', id: user.user_id },
          summary: `${user.name} asked for a password reset link, which was emailed to them`,
          ip: meta.ip,
        });
        return made;
      });
      // The answer is the same whether or not the mail goes: a failure is the log's to report.
      await mailLink(user, link, 'reset_password');
    },

    /** Ends this session. */
    async signOut(session: StaffSession, meta: RequestMeta = {}): Promise<void> {
      await outbox.transaction(async (tx) => {
        await repo.deleteSession(tx.db, session.sessionHash);
        await audit.record(tx, {
          actor: session.actor,
          action: 'staff.signed_out',
          subject: { type: 'staff', id: session.actor.id },
          summary: 'Signed out',
          ip: meta.ip,
        });
      });
    },

    /** Ends every session of one's account, this one included (a lost laptop, a stolen cookie). */
    async signOutEverywhere(session: StaffSession, meta: RequestMeta = {}): Promise<number> {
      return outbox.transaction(async (tx) => {
        const ended = await repo.deleteSessionsOfUser(tx.db, session.actor.id);
        await audit.record(tx, {
          actor: session.actor,
          action: 'staff.signed_out_everywhere',
          subject: { type: 'staff', id: session.actor.id },
          summary: `Signed out everywhere (${ended} session${ended === 1 ? '' : 's'})`,
          ip: meta.ip,
        });
        return ended;
      });
    },

    /** Forgets sessions past their end (run now and then; expired sessions are refused anyway). */
    async pruneSessions(): Promise<void> {
      await outbox.transaction((tx) => repo.deleteStaleSessions(tx.db, iso(), iso(-timings.sessionIdleMs)));
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;

/** The app's view of a pending second factor. */
const setupOf = (secret: string, email: string): TwoFactorSetup => ({
  uri: totpUri(secret, email, 'Despatch newsroom'),
  secret: groupedSecret(secret),
});

const toActor = (u: Pick<StaffUsersTable, 'user_id' | 'role' | 'name' | 'email'>): StaffActor => ({
  kind: 'staff',
  id: u.user_id,
  role: u.role,
  name: u.name,
  email: u.email,
});

const toUser = (u: StaffUsersTable): StaffUser => ({
  id: u.user_id,
  email: u.email,
  name: u.name,
  role: u.role,
  status: u.status,
  hasPassword: u.password_hash !== null,
  twoFactor: u.totp_enabled_at !== null,
  createdAt: u.created_at,
});
