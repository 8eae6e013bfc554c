import { parseArgs } from 'node:util';
import { systemActor, type Actor } from '../domain/access/index.js';
import { WEBHOOK_EVENTS } from '../domain/webhooks/index.js';
import type { Services } from '../services.js';
import { UsageError, type CommandIo } from './io.js';

export const WEBHOOK_USAGE = `  webhook add URL --event E [--event E…] [--json]
                          send E (${WEBHOOK_EVENTS.join(', ')}) to URL, signed with
                          a secret printed now (and by webhook list); private addresses are refused
  webhook list            webhooks: id, URL, events, secret
  webhook deliveries ID   a webhook's latest deliveries and each one's last answer
  webhook remove ID       stop sending to a webhook`;

/** `despatch webhook …`: where article events are sent, as the system or `--as` an admin. */
export async function webhookCommand(services: Services, args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { event: { type: 'string', multiple: true }, json: { type: 'boolean', default: false }, as: { type: 'string' } },
  });
  const [action, target] = positionals;
  const actor: Actor = values.as ? await services.staff.actAs(values.as) : systemActor('command line');
  const hooks = services.webhooks;
  switch (action) {
    case 'add': {
      if (!target) throw new UsageError('webhook add needs a URL.');
      if (!values.event?.length) throw new UsageError(`webhook add needs at least one --event (${WEBHOOK_EVENTS.join(', ')}).`);
      const made = await hooks.createWebhook(actor, { url: target, events: values.event });
      if (values.json) io.out.write(JSON.stringify({ id: made.id, url: made.url, events: made.events, secret: made.secret }) + '\n');
      else io.out.write(`Sending ${made.events.join(', ')} to ${made.url} (id ${made.id}).\nDeliveries are signed with: ${made.secret}\n`);
      return 0;
    }
    case 'list': {
      const all = await hooks.listWebhooks(actor);
      for (const h of all) io.out.write([h.id, h.url, h.events.join(','), h.secret].join('\t') + '\n');
      if (all.length === 0) io.out.write('No webhooks yet. Add one with: despatch webhook add URL --event article.published\n');
      return 0;
    }
    case 'deliveries': {
      if (!target) throw new UsageError('webhook deliveries needs the webhook’s ID (see webhook list).');
      for (const d of await hooks.deliveries(actor, target))
        io.out.write(
          [
            d.createdAt,
            d.event,
            d.status,
            `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`,
            d.lastStatus ?? '-',
            d.lastError ?? '',
          ].join('\t') + '\n',
        );
      return 0;
    }
    case 'remove': {
      if (!target) throw new UsageError('webhook remove needs the webhook’s ID (see webhook list).');
      await hooks.removeWebhook(actor, target);
      io.out.write('Removed. Nothing more is sent there.\n');
      return 0;
    }
    default:
      throw new UsageError(action ? `Unknown webhook action "${action}".` : 'webhook needs an action: add, list, deliveries or remove.');
  }
}
