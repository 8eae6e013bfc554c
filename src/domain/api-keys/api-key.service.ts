import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { notFound } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { parseInput } from '../../kernel/validation.js';
import { assertCan, type Actor } from '../access/index.js';
import type { AuditService } from '../audit/index.js';
import type { Outbox } from '../outbox/index.js';
import { findApiKey, findLiveKeyByHash, insertApiKey, listApiKeys, revokeApiKey } from './api-key.repository.js';
import type { ApiKeyKind, ApiKeysTable } from './api-keys.table.js';

/** A key as lists show it: never the key itself, only its last four characters. */
export interface ApiKey {
  id: string;
  name: string;
  kind: ApiKeyKind;
  hint: string;
  createdAt: string;
  revokedAt: string | null;
}

const nameSchema = z
  .string({ error: 'Give the key a name (who it is for).' })
  .transform((s) => s.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'Give the key a name (who it is for).').max(100, 'A key name may be at most 100 characters.'));

/**
 * A new key: for Despatch's API, `dsp_` and 43 characters of randomness (256 bits; the prefix
 * lets secret scanners spot one in a leak); for the Ghost-compatible API, 26 hex characters,
 * the shape Ghost's client insists on (104 bits).
 */
function makeKey(kind: ApiKeyKind): string {
  return kind === 'ghost' ? randomBytes(13).toString('hex') : `dsp_${randomBytes(32).toString('base64url')}`;
}

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

const toApiKey = (r: ApiKeysTable): ApiKey => ({
  id: r.key_id,
  name: r.name,
  kind: r.kind,
  hint: r.key_hint,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** Read-only keys for the content APIs: made and revoked by admins; the key is shown once, stored hashed. */
export function createApiKeyService(deps: { db: Executor; clock: Clock; outbox: Outbox; audit: AuditService }) {
  return {
    /** Makes a key; the only time the key itself is returned. */
    async createKey(actor: Actor, rawName: unknown, opts: { ghost?: boolean } = {}): Promise<{ key: string; apiKey: ApiKey }> {
      assertCan(actor, 'api.manage');
      const name = parseInput(z.object({ name: nameSchema }), { name: rawName }).name;
      const kind: ApiKeyKind = opts.ghost ? 'ghost' : 'content';
      const key = makeKey(kind);
      const row: ApiKeysTable = {
        key_id: newId(),
        name,
        kind,
        key_hash: hashOf(key),
        key_hint: key.slice(-4),
        created_at: deps.clock.now().toISOString(),
        created_by: actor.kind === 'staff' ? actor.id : actor.name,
        revoked_at: null,
      };
      await deps.outbox.transaction(async (tx) => {
        await insertApiKey(tx.db, row);
        await deps.audit.record(tx, {
          actor,
          action: 'api_key.created',
          subject: { type: 'api_key', id: row.key_id },
          summary: `Made the ${kind === 'ghost' ? 'Ghost-compatible ' : ''}API key “${name}” (…${row.key_hint})`,
        });
      });
      return { key, apiKey: toApiKey(row) };
    },

    async listKeys(actor: Actor): Promise<ApiKey[]> {
      assertCan(actor, 'api.manage');
      return (await listApiKeys(deps.db)).map(toApiKey);
    },

    /** Stops a key working at once; its record stays, for the audit log's sake. */
    async revokeKey(actor: Actor, keyId: string): Promise<ApiKey> {
      assertCan(actor, 'api.manage');
      return deps.outbox.transaction(async (tx) => {
        const row = await findApiKey(tx.db, keyId);
        if (!row) throw notFound('API_KEY_NOT_FOUND', 'No such API key.');
        const at = deps.clock.now().toISOString();
        await revokeApiKey(tx.db, keyId, at);
        await deps.audit.record(tx, {
          actor,
          action: 'api_key.revoked',
          subject: { type: 'api_key', id: keyId },
          summary: `Revoked the API key “${row.name}” (…${row.key_hint})`,
        });
        return toApiKey({ ...row, revoked_at: row.revoked_at ?? at });
      });
    },

    /** The live key this is, of this kind, or null: what every API request is checked with. */
    async authenticate(key: string, kind: ApiKeyKind): Promise<ApiKey | null> {
      if (key.length < 20 || key.length > 100) return null;
      const row = await findLiveKeyByHash(deps.db, hashOf(key));
      return row && row.kind === kind ? toApiKey(row) : null;
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
