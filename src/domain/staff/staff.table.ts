import type { Role } from '../access/index.js';

/** Timestamps are ISO-8601 UTC text in both databases (see docs/ARCHITECTURE.md §8). */
type Timestamp = string;

/** A disabled account cannot sign in and its sessions are ended; it is kept for the audit log. */
export type StaffStatus = 'active' | 'disabled';

export interface StaffUsersTable {
  user_id: string;
  /** As typed when the account was made. */
  email: string;
  /** Lower-cased address: the unique key accounts are found by. */
  email_key: string;
  name: string;
  role: Role;
  status: StaffStatus;
  /** An argon2id PHC string; null until the person sets a password through their link. */
  password_hash: string | null;
  /** Base32 TOTP secret once a second factor is enrolled (pending until confirmed). */
  totp_secret: string | null;
  /** When the second factor was confirmed; null while it is off or pending. */
  totp_enabled_at: Timestamp | null;
  /** The last TOTP time step accepted: a code is refused a second time (replay). */
  totp_last_step: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffSessionsTable {
  /** SHA-256 of the session id in the cookie: a stolen database copy holds no usable session. */
  session_hash: string;
  user_id: string;
  /** The token every state-changing newsroom form carries (bound to this session). */
  csrf_token: string;
  created_at: Timestamp;
  /** Refreshed at most once a minute; the idle timeout counts from it. */
  last_seen_at: Timestamp;
  /** The absolute timeout: the session ends then whatever the activity. */
  expires_at: Timestamp;
  ip: string;
  user_agent: string;
}

/** What a one-time link is for. */
export type StaffTokenPurpose = 'set_password' | 'reset_password' | 'second_factor';

export interface StaffTokensTable {
  /** SHA-256 of the token in the link. */
  token_hash: string;
  user_id: string;
  purpose: StaffTokenPurpose;
  created_at: Timestamp;
  expires_at: Timestamp;
  /** Set when the link is used: a link works once. */
  used_at: Timestamp | null;
}

export interface StaffRecoveryCodesTable {
  user_id: string;
  /** SHA-256 of one recovery code. */
  code_hash: string;
  used_at: Timestamp | null;
}
