/** What a key opens: Despatch's content API, or the Ghost-compatible one (whose client wants 26 hex characters). */
export type ApiKeyKind = 'content' | 'ghost';

export interface ApiKeysTable {
  key_id: string;
  /** Who the key is for ("Mobile app", "Partner site"), as the admin named it. */
  name: string;
  kind: ApiKeyKind;
  /** SHA-256 of the key, hex: keys are long and random, so a fast hash is enough and lookups are exact. */
  key_hash: string;
  /** The key's last four characters, so a list can say which key is which without holding it. */
  key_hint: string;
  /** ISO-8601 UTC. */
  created_at: string;
  /** Who made it: a staff member's id, or "command line". */
  created_by: string;
  revoked_at: string | null;
}
