import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { boot } from './boot.js';
import { assertPageSize, type ImportResult, type PageSource } from './domain/importer/index.js';
import { isAppError } from './kernel/errors.js';
import type { Logger } from './kernel/logger.js';
import type { Services } from './services.js';

const USAGE = `Usage: despatch <command>

Commands:
  migrate                 bring the database up to date
  import FILE… [--json]   import pages in the text shape (section, headline, standfirst, body)
     --author NAME        credit NAME on every imported article (repeatable)
  help                    show this message

The database is DATABASE_URL (default sqlite:./data/despatch.db).`;

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
  if (!command || command === 'help' || command === '--help') {
    out.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command !== 'migrate' && command !== 'import') {
    err.write(`Unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const { services, applied, close } = await boot(config, { log: textLogger(err) });
  try {
    if (command === 'migrate') {
      out.write(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'The database is up to date.\n');
      return 0;
    }
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, author: { type: 'string', multiple: true } },
    });
    if (positionals.length === 0) {
      err.write('import needs at least one FILE.\n');
      return 2;
    }
    let failed = 0;
    for (const file of positionals) {
      const result = await importFile(services, file, values.author ?? []);
      if (!result.ok) failed++;
      out.write(values.json ? JSON.stringify(result) + '\n' : describe(result) + '\n');
    }
    if (!values.json) out.write(`${positionals.length - failed} imported, ${failed} failed\n`);
    return failed > 0 ? 1 : 0;
  } finally {
    await close();
  }
}

/** A reader that went away (EPIPE, or a write after it) is not a failure of the import. */
function ignoreClosedPipe(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
  throw e;
}

/** Log lines for a person at a terminal: the message, then the error's stack, on standard error. */
function textLogger(err: NodeJS.WritableStream): Logger {
  const write = (level: string) => (fields: object, message: string) => {
    const e = (fields as { err?: unknown }).err;
    err.write(`${level}: ${message}${e ? `\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}` : ''}\n`);
  };
  return { error: write('error'), warn: write('warning'), info: () => {} };
}

/** Reads one file (refusing huge ones before reading them) and imports it. */
async function importFile(services: Services, file: string, authors: string[]): Promise<ImportResult> {
  let source: PageSource;
  try {
    const info = await stat(file);
    if (!info.isFile()) return { file, ok: false, code: 'NOT_A_FILE', error: `${file} is not a file.` };
    // Refuse a huge file before reading it into memory.
    assertPageSize(info.size);
    source = { file, bytes: await readFile(file) };
  } catch (e) {
    if (isAppError(e)) return { file, ok: false, code: e.code, error: e.message };
    const code = (e as NodeJS.ErrnoException).code;
    return {
      file,
      ok: false,
      code: 'FILE_UNREADABLE',
      error: code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file} (${code ?? 'error'}).`,
    };
  }
  return services.importer.importPage(source, authors.length ? { authors } : {});
}

function describe(r: ImportResult): string {
  if (!r.ok) return `✗ ${r.file}: ${r.error}`;
  return `✓ ${r.file}: "${r.headline}" ${r.updated ? 'updated its earlier version' : r.existing ? 'was already imported' : 'imported'} → ${r.url} (${r.quotes.length} quotes, ${r.paragraphs} paragraphs)`;
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
