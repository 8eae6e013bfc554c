import { parseArgs } from 'node:util';
import { systemActor, type Actor } from '../domain/access/index.js';
import type { Progress } from '../domain/newsletter/index.js';
import type { Services } from '../services.js';
import { UsageError, type CommandIo } from './io.js';
import { progressBar } from './progress-bar.js';

export const NEWSLETTER_USAGE = `  newsletter list         newsletter issues: id, status, recipients, subject
  newsletter send ID [--json]
                          start sending an issue (or resume one a crash interrupted) and
                          send from this process too, with a progress bar, until it is done
  newsletter progress ID  sent, failed, bounced, in doubt and remaining
  newsletter in-doubt ID [--resend | --drop]
                          the messages a crash left in doubt; resend them (a reader may get
                          one twice) or drop them (a reader may get none)`;

/** How often `send` reads the progress while it waits. */
const WATCH_MS = 250;

const summary = (p: Progress) =>
  `${p.sent} sent, ${p.failed + p.bounced} failed (${p.bounced} bounced), ${p.inDoubt} in doubt, ${p.remaining} to go, of ${p.total}`;

/** `despatch newsletter …`: start and watch sends from a terminal (or cron), as the system or `--as` an editor. */
export async function newsletterCommand(services: Services, args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      resend: { type: 'boolean', default: false },
      drop: { type: 'boolean', default: false },
      as: { type: 'string' },
    },
  });
  const [action, id] = positionals;
  const actor: Actor = values.as ? await services.staff.actAs(values.as) : systemActor('command line');
  const issues = services.issues;
  switch (action) {
    case 'list': {
      const all = await issues.list(actor);
      for (const i of all) io.out.write([i.id, i.status, String(i.recipientCount), i.subject].join('\t') + '\n');
      if (!all.length) io.out.write('No issues yet. Compose one in the newsroom under Newsletters.\n');
      return 0;
    }
    case 'progress': {
      if (!id) throw new UsageError('newsletter progress needs the issue’s ID (see newsletter list).');
      const p = await issues.progress(actor, id);
      io.out.write(values.json ? JSON.stringify(p) + '\n' : summary(p) + '\n');
      return 0;
    }
    case 'in-doubt': {
      if (!id) throw new UsageError('newsletter in-doubt needs the issue’s ID.');
      if (values.resend && values.drop) throw new UsageError('Choose --resend or --drop, not both.');
      if (values.resend || values.drop) {
        const n = await issues.resolveInDoubt(actor, id, values.resend ? 'resend' : 'drop');
        io.out.write(`${values.resend ? 'Queued again' : 'Dropped'}: ${n} ${n === 1 ? 'message' : 'messages'}.\n`);
        return 0;
      }
      for (const d of await issues.inDoubt(actor, id)) io.out.write(`${d.position}\t${d.email}\t${d.updated_at}\n`);
      return 0;
    }
    case 'send': {
      if (!id) throw new UsageError('newsletter send needs the issue’s ID (see newsletter list).');
      const issue = await issues.get(actor, id);
      if (issue.status === 'draft' || issue.status === 'scheduled') {
        const started = await issues.start(actor, id, null);
        io.err.write(`Sending “${started.subject}” to ${started.recipientCount} ${started.audience} subscribers.\n`);
      } else if (issue.status === 'sending') io.err.write(`Resuming “${issue.subject}”.\n`);
      // This process sends too; any server running beside it shares the work safely.
      services.newsletterSender.start();
      const bar = progressBar(io.err);
      let p = await issues.progress(actor, id);
      try {
        while (p.remaining > 0) {
          bar.update({ done: p.total - p.remaining, total: p.total, label: summary(p) });
          await new Promise((r) => setTimeout(r, WATCH_MS));
          p = await issues.progress(actor, id);
        }
      } finally {
        await services.newsletterSender.stop();
      }
      bar.update({ done: p.total, total: p.total, label: summary(p) });
      bar.finish();
      io.out.write(values.json ? JSON.stringify(p) + '\n' : `Done: ${summary(p)}.\n`);
      if (p.inDoubt > 0)
        io.err.write(`${p.inDoubt} in doubt after a crash: see \`despatch newsletter in-doubt ${id}\` to resend or drop them.\n`);
      return 0;
    }
    default:
      throw new UsageError(action ? `Unknown newsletter action "${action}".` : 'newsletter needs an action.');
  }
}
