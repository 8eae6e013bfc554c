import type { Executor } from '../../db/schema.js';
import type { StaffSessionsTable, StaffTokenPurpose, StaffTokensTable, StaffUsersTable } from './staff.table.js';

// ---------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------

/** Adds an account unless its address is taken; returns whether it was added. */
export async function insertUser(ex: Executor, row: StaffUsersTable): Promise<boolean> {
  const result = await ex
    .insertInto('staff_users')
    .values(row)
    .onConflict((oc) => oc.column('email_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function findUserByEmailKey(ex: Executor, emailKey: string): Promise<StaffUsersTable | undefined> {
  return ex.selectFrom('staff_users').selectAll().where('email_key', '=', emailKey).executeTakeFirst();
}

export function findUserById(ex: Executor, userId: string): Promise<StaffUsersTable | undefined> {
  return ex.selectFrom('staff_users').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Every account: active ones first, then by name. */
export function listUsers(ex: Executor): Promise<StaffUsersTable[]> {
  return ex.selectFrom('staff_users').selectAll().orderBy('status').orderBy('name').orderBy('email_key').execute();
}

export async function updateUser(
  ex: Executor,
  userId: string,
  set: Partial<
    Pick<
      StaffUsersTable,
      'name' | 'role' | 'status' | 'password_hash' | 'totp_secret' | 'totp_enabled_at' | 'totp_last_step' | 'updated_at'
    >
  >,
): Promise<void> {
  await ex.updateTable('staff_users').set(set).where('user_id', '=', userId).execute();
}

/**
 * Locks every active admin's row for the rest of the transaction (a no-op update). Two admins
 * demoting each other at once on PostgreSQL then take turns, and the second sees the first's
 * change when it counts; SQLite's writers take turns anyway.
 */
export async function lockAdmins(ex: Executor): Promise<void> {
  await ex
    .updateTable('staff_users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .execute();
}

export async function countActiveAdmins(ex: Executor): Promise<number> {
  const row = await ex
    .selectFrom('staff_users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------

export async function insertSession(ex: Executor, row: StaffSessionsTable): Promise<void> {
  await ex.insertInto('staff_sessions').values(row).execute();
}

/** A session with its account, by the hash of the session id. */
export function findSessionWithUser(ex: Executor, sessionHash: string) {
  return ex
    .selectFrom('staff_sessions')
    .innerJoin('staff_users', 'staff_users.user_id', 'staff_sessions.user_id')
    .select([
      'staff_sessions.session_hash',
      'staff_sessions.csrf_token',
      'staff_sessions.created_at',
      'staff_sessions.last_seen_at',
      'staff_sessions.expires_at',
      'staff_users.user_id',
      'staff_users.email',
      'staff_users.name',
      'staff_users.role',
      'staff_users.status',
      'staff_users.totp_enabled_at',
    ])
    .where('staff_sessions.session_hash', '=', sessionHash)
    .executeTakeFirst();
}

export async function touchSession(ex: Executor, sessionHash: string, at: string): Promise<void> {
  await ex.updateTable('staff_sessions').set({ last_seen_at: at }).where('session_hash', '=', sessionHash).execute();
}

export async function deleteSession(ex: Executor, sessionHash: string): Promise<void> {
  await ex.deleteFrom('staff_sessions').where('session_hash', '=', sessionHash).execute();
}

/** Ends every session of an account, but the one named by `keepHash`; returns how many ended. */
export async function deleteSessionsOfUser(ex: Executor, userId: string, keepHash?: string): Promise<number> {
  let query = ex.deleteFrom('staff_sessions').where('user_id', '=', userId);
  if (keepHash) query = query.where('session_hash', '!=', keepHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Forgets sessions past their absolute timeout or idle since before `idleBefore`. */
export async function deleteStaleSessions(ex: Executor, now: string, idleBefore: string): Promise<void> {
  await ex
    .deleteFrom('staff_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .execute();
}

// ---------------------------------------------------------------------------
// One-time links and recovery codes
// ---------------------------------------------------------------------------

/** Stores a link, voiding the account's earlier unused links for the same purpose. */
export async function replaceToken(ex: Executor, row: StaffTokensTable): Promise<void> {
  await ex
    .deleteFrom('staff_tokens')
    .where('user_id', '=', row.user_id)
    .where('purpose', '=', row.purpose)
    .where('used_at', 'is', null)
    .execute();
  await ex.insertInto('staff_tokens').values(row).execute();
}

export function findToken(ex: Executor, tokenHash: string, purpose: StaffTokenPurpose): Promise<StaffTokensTable | undefined> {
  return ex.selectFrom('staff_tokens').selectAll().where('token_hash', '=', tokenHash).where('purpose', '=', purpose).executeTakeFirst();
}

/** Marks a link used; false when it already was (two tabs, a replay), so it works exactly once. */
export async function useToken(ex: Executor, tokenHash: string, at: string): Promise<boolean> {
  const result = await ex
    .updateTable('staff_tokens')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function replaceRecoveryCodes(ex: Executor, userId: string, codeHashes: string[]): Promise<void> {
  await ex.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
  if (codeHashes.length > 0)
    await ex
      .insertInto('staff_recovery_codes')
      .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null })))
      .execute();
}

/**
 * Records `step` as the account's last accepted TOTP step unless a step at least as late was
 * accepted already (the same code sent twice, or from two places at once); returns whether it was.
 */
export async function acceptTotpStep(ex: Executor, userId: string, step: number): Promise<boolean> {
  const result = await ex
    .updateTable('staff_users')
    .set({ totp_last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Uses one recovery code; false when it is unknown or used. */
export async function useRecoveryCode(ex: Executor, userId: string, codeHash: string, at: string): Promise<boolean> {
  const result = await ex
    .updateTable('staff_recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countUnusedRecoveryCodes(ex: Executor, userId: string): Promise<number> {
  const row = await ex
    .selectFrom('staff_recovery_codes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
