import { readFileSync } from 'node:fs';
import { loadConfig } from './config.js';
import { boot } from './boot.js';
import { isAppError } from './kernel/errors.js';
import { ARTICLE_USAGE, articleCommand } from './cli/article-command.js';
import { importCommand } from './cli/import-command.js';
import { EXPORT_IMPORT_USAGE, exportImportCommand } from './cli/export-import-command.js';
import { MEDIA_USAGE, mediaCommand } from './cli/media-command.js';
import { readStdin, textLogger, UsageError, type CommandIo } from './cli/io.js';
import { USER_USAGE, userCommand } from './cli/user-command.js';
import { API_KEY_USAGE, apiKeyCommand } from './cli/api-key-command.js';
import { WEBHOOK_USAGE, webhookCommand } from './cli/webhook-command.js';
import { NEWSLETTER_USAGE, newsletterCommand } from './cli/newsletter-command.js';
import { BACKUP_USAGE, backupCommand } from './cli/backup-command.js';
import { RESTORE_USAGE, restoreCommand } from './cli/restore-command.js';
import { COPY_USAGE, copyCommand } from './cli/copy-command.js';

const USAGE = `Usage: despatch <command>

Commands:
  migrate                 bring the database up to date
  import FILE… [--json]   import pages in the text shape (section, headline, standfirst, body);
                          they are published unless --draft is given
     --draft              keep the new articles as drafts
     --author NAME        credit NAME on every imported article (repeatable)
     --as EMAIL           import as that member of staff (editors and admins)
     --create-sections    create a section a page names that does not exist yet
                          (without it such a page is refused: a typo never makes a section)
${EXPORT_IMPORT_USAGE}
${ARTICLE_USAGE}
${MEDIA_USAGE}
${USER_USAGE}
${API_KEY_USAGE}
${WEBHOOK_USAGE}
${NEWSLETTER_USAGE}
${BACKUP_USAGE}
${RESTORE_USAGE}
${COPY_USAGE}
  help, -h, --help        show this message
  --version               print the version

The database is DATABASE_URL (default sqlite:./data/despatch.db).`;

/** The version in package.json, read once. */
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const COMMANDS = new Set([
  'migrate',
  'import',
  'import-wordpress',
  'import-ghost',
  'article',
  'media',
  'user',
  'api-key',
  'webhook',
  'newsletter',
  'backup',
  'restore',
  'copy',
]);

/** `despatch <command>`: a thin shell over the services. Returns the exit status. */
export async function run(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  // `despatch import … --json | head -n 1` closes our output after one line. The batch must
  // still finish: every file is imported whether or not anyone reads its result line.
  out.on('error', ignoreClosedPipe);
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-V') {
    out.write(`despatch ${VERSION}\n`);
    return 0;
  }
  if (!COMMANDS.has(command)) {
    err.write(`Unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const io: CommandIo = { out, err, readInput: readStdin, site: { url: config.siteUrl, fromEnv: config.siteUrlSet } };
  // Backups, restores and copies open the database themselves, before anything boots: a
  // restore must not hold open the database it replaces, and none of them needs services.
  if (command === 'backup' || command === 'restore' || command === 'copy') {
    try {
      if (command === 'backup') return await backupCommand(config, rest, io, VERSION);
      if (command === 'restore') return await restoreCommand(config, rest, io);
      return await copyCommand(config, rest, io);
    } catch (e) {
      if (!isUsageError(e)) throw e;
      err.write(`${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
  }
  const { services, runner, applied, close } = await boot(config, { log: textLogger(err), listen: false });
  try {
    if (command === 'migrate') {
      out.write(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'The database is up to date.\n');
      return 0;
    }
    if (command === 'import') return await importCommand(services, rest, io);
    if (command === 'import-wordpress') return await exportImportCommand('wordpress', services, rest, io);
    if (command === 'import-ghost') return await exportImportCommand('ghost', services, rest, io);
    if (command === 'article') return await articleCommand(services, rest, io);
    if (command === 'media') return await mediaCommand(services, runner, rest, io);
    if (command === 'api-key') return await apiKeyCommand(services, rest, io);
    if (command === 'webhook') return await webhookCommand(services, rest, io);
    if (command === 'newsletter') return await newsletterCommand(services, rest, io);
    return await userCommand(services, rest, io);
  } catch (e) {
    if (isUsageError(e)) {
      err.write(`${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    // A refusal the person can act on (a weak password, a taken address, a forbidden action).
    if (isAppError(e)) {
      err.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await close();
  }
}

/** A mistake in how the command was called: the message and the usage, exit 2. */
const isUsageError = (e: unknown) => e instanceof UsageError || Boolean((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'));

/** A reader that went away (EPIPE, or a write after it) is not a failure of the import. */
function ignoreClosedPipe(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
  throw e;
}

// Run only when executed, not when a test imports run().
if (process.argv[1] && /cli\.ts$|despatch(\.mjs)?$/.test(process.argv[1])) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
