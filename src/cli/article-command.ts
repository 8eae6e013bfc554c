import { parseArgs } from 'node:util';
import { systemActor, type Actor } from '../domain/access/index.js';
import { formatDateTime } from '../kernel/uk-time.js';
import type { Services } from '../services.js';
import { UsageError, type CommandIo } from './io.js';

export const ARTICLE_USAGE = `  article publish ID      publish an article now (refused before its embargo)
  article schedule ID AT  publish it at AT (ISO 8601 with an offset, e.g. 2026-12-01T09:00:00Z);
                          a running server publishes it then
  article unschedule ID   take it off the schedule
     --as EMAIL           act as that staff member (checked by their role) instead of the system`;

/** `despatch article …`: the workflow's publishing steps, through the same service as the newsroom. */
export async function articleCommand(services: Services, args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { as: { type: 'string' } } });
  const [action, id, at] = positionals;
  if (!id) throw new UsageError(`article ${action ?? ''} needs an article ID.`.replace('  ', ' '));
  const actor: Actor = values.as ? await services.staff.actAs(values.as) : systemActor('command line');
  const articles = services.articles;
  switch (action) {
    case 'publish': {
      const ref = await articles.publishArticle(actor, id);
      io.out.write(`Published ${ref.path}\n`);
      return 0;
    }
    case 'schedule': {
      if (!at) throw new UsageError('article schedule needs an ID and a time.');
      const ref = await articles.scheduleArticle(actor, id, at);
      io.out.write(`Scheduled ${ref.path} for ${formatDateTime(new Date(at).toISOString())}\n`);
      return 0;
    }
    case 'unschedule': {
      const ref = await articles.unscheduleArticle(actor, id);
      io.out.write(`Took ${ref.path} off the schedule\n`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown article action "${action ?? ''}".`);
  }
}
