import { parseArgs } from 'node:util';
import { systemActor, type Actor } from '../domain/access/index.js';
import type { Services } from '../services.js';
import { UsageError, type CommandIo } from './io.js';

export const API_KEY_USAGE = `  api-key create NAME [--ghost] [--json]
                          make a read-only content API key and print it (once; it is
                          stored hashed); --ghost makes one for the Ghost-compatible API,
                          --json prints {"name","key"}
  api-key list            list keys: id, name, kind, last four characters, made, revoked
  api-key revoke ID       stop a key working at once`;

/** `despatch api-key …`: keys for the content APIs, as the system or `--as` an admin. */
export async function apiKeyCommand(services: Services, args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ghost: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, as: { type: 'string' } },
  });
  const [action, ...rest] = positionals;
  const actor: Actor = values.as ? await services.staff.actAs(values.as) : systemActor('command line');
  switch (action) {
    case 'create': {
      const name = rest.join(' ');
      if (!name.trim()) throw new UsageError('api-key create needs a NAME (who the key is for).');
      const { key, apiKey } = await services.apiKeys.createKey(actor, name, { ghost: values.ghost });
      if (values.json) io.out.write(JSON.stringify({ name: apiKey.name, key }) + '\n');
      else
        io.out.write(
          `Made the ${apiKey.kind === 'ghost' ? 'Ghost-compatible ' : ''}API key “${apiKey.name}” (id ${apiKey.id}):\n${key}\n` +
            'Keep it now: it is stored hashed and cannot be shown again.\n',
        );
      return 0;
    }
    case 'list': {
      const keys = await services.apiKeys.listKeys(actor);
      for (const k of keys)
        io.out.write([k.id, k.name, k.kind, `…${k.hint}`, k.createdAt, k.revokedAt ? `revoked ${k.revokedAt}` : 'live'].join('\t') + '\n');
      if (keys.length === 0) io.out.write('No API keys yet. Make one with: despatch api-key create NAME\n');
      return 0;
    }
    case 'revoke': {
      const [id] = rest;
      if (!id) throw new UsageError('api-key revoke needs the key’s ID (see api-key list).');
      const k = await services.apiKeys.revokeKey(actor, id);
      io.out.write(`Revoked the API key “${k.name}” (…${k.hint}). It no longer works.\n`);
      return 0;
    }
    default:
      throw new UsageError(action ? `Unknown api-key action "${action}".` : 'api-key needs an action: create, list or revoke.');
  }
}
