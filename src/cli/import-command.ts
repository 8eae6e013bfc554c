import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { assertPageSize, type ImportExtras, type ImportResult, type PageSource } from '../domain/importer/index.js';
import { assertCan, systemActor, type Actor } from '../domain/access/index.js';
import { isAppError } from '../kernel/errors.js';
import type { Services } from '../services.js';
import { UsageError, type CommandIo } from './io.js';

/** `despatch import FILE… [--json] [--author NAME]…`: each file's outcome, exit 1 if any failed. */
export async function importCommand(services: Services, args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      draft: { type: 'boolean', default: false },
      author: { type: 'string', multiple: true },
      as: { type: 'string' },
      'create-sections': { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new UsageError('import needs at least one FILE.');
  // As the system (recorded as "command line"), or as a member of staff, checked by their role.
  const actor: Actor = values.as ? await services.staff.actAs(values.as) : systemActor('command line');
  assertCan(actor, 'article.import');
  let failed = 0;
  for (const file of positionals) {
    const result = await importFile(services, actor, file, {
      ...(values.author ? { authors: values.author } : {}),
      // The system publishes unless told --draft; a member of staff by their role (a contributor's are drafts).
      ...(values.draft ? { publish: false } : {}),
      ...(values['create-sections'] ? { createSections: true } : {}),
    });
    if (!result.ok) failed++;
    io.out.write(values.json ? JSON.stringify(result) + '\n' : describe(result) + '\n');
  }
  if (!values.json) {
    io.out.write(`${positionals.length - failed} imported, ${failed} failed\n`);
    // The addresses above start with the site address this command was given, or a local default.
    io.out.write(
      io.site.fromEnv
        ? `Addresses use SITE_URL (${io.site.url}).\n`
        : `Addresses use ${io.site.url}, as SITE_URL is not set; set it to the site's public address.\n`,
    );
  }
  return failed > 0 ? 1 : 0;
}

/** Reads one file (refusing huge ones before reading them) and imports it. */
async function importFile(services: Services, actor: Actor, file: string, extras: ImportExtras): Promise<ImportResult> {
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
  return services.importer.importPage(actor, source, extras);
}

function describe(r: ImportResult): string {
  if (!r.ok) return `✗ ${r.file}: ${r.error}`;
  const what = r.updated
    ? 'updated its earlier version'
    : r.existing
      ? 'was already imported'
      : r.status === 'draft'
        ? 'imported as a draft'
        : 'imported';
  const line = `✓ ${r.file}: "${r.headline}" ${what} → ${r.url} (${r.quotes.length} quotes, ${r.paragraphs} paragraphs)`;
  const hints = [
    ...(r.suggestedTopics.length > 0 ? [`    · it names topics it does not list: ${r.suggestedTopics.join(', ')}`] : []),
    ...(r.proposedTopics.length > 0 ? [`    · not topics yet: ${r.proposedTopics.map((t) => `${t.name} (${t.kind})`).join(', ')}`] : []),
  ];
  return [line, ...hints].join('\n');
}
