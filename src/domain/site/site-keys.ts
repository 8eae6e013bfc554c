import { createHmac } from 'node:crypto';
import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { newSecret, sameSecret } from '../../kernel/secrets.js';

/** The site's own keys, by purpose. */
export type SiteKeyName = 'newsletter-links' | 'address-hash';

export interface SiteKeys {
  /** HMAC-SHA256 of `value` under the named key, base64url: a signature, or a keyed hash that cannot be reversed without the key. */
  mac(name: SiteKeyName, value: string): Promise<string>;
  /** Whether `mac` is the MAC of `value` under the named key, compared in constant time. */
  verify(name: SiteKeyName, value: string, mac: string): Promise<boolean>;
}

/**
 * Keys made on first use: the first instance to ask inserts one, and every other instance
 * (racing or later) reads that one, so all agree. Held in memory once read.
 */
export function createSiteKeys(deps: { db: Executor; clock: Clock }): SiteKeys {
  const cache = new Map<SiteKeyName, Promise<Buffer>>();
  async function load(name: SiteKeyName): Promise<Buffer> {
    await deps.db
      .insertInto('site_keys')
      .values({ name, secret: newSecret(), created_at: deps.clock.now().toISOString() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await deps.db.selectFrom('site_keys').select('secret').where('name', '=', name).executeTakeFirstOrThrow();
    return Buffer.from(row.secret, 'base64url');
  }
  function key(name: SiteKeyName): Promise<Buffer> {
    let found = cache.get(name);
    if (!found) {
      found = load(name);
      // A failed read (database briefly away) is not kept: the next call tries again.
      found.catch(() => cache.delete(name));
      cache.set(name, found);
    }
    return found;
  }
  return {
    async mac(name, value) {
      return createHmac('sha256', await key(name))
        .update(value)
        .digest('base64url');
    },
    async verify(name, value, mac) {
      return sameSecret(
        createHmac('sha256', await key(name))
          .update(value)
          .digest('base64url'),
        mac,
      );
    },
  };
}
