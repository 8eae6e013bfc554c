/**
 * Secrets the site makes for itself, once, and every instance shares: the keys that sign
 * newsletter links and hash addresses. Kept in the database so several instances agree
 * without a setting; a copy of the database therefore holds them (as it holds the data).
 */
export interface SiteKeysTable {
  /** What the key is for: `newsletter-links`, `address-hash`. */
  name: string;
  /** 256 random bits, base64url. */
  secret: string;
  /** ISO-8601 UTC. */
  created_at: string;
}
