import { parseArgs } from 'node:util';
import { assertCan, systemActor, type Actor } from '../domain/access/index.js';
import {
  exportFileAt,
  MAX_EXPORT_BYTES,
  readableSize,
  type ExportImportHooks,
  type ExportItemResult,
  type ExportSummary,
} from '../domain/exports/index.js';
import { isAppError } from '../kernel/errors.js';
import type { Services } from '../services.js';
import { UsageError, type CommandIo } from './io.js';
import { progressBar } from './progress-bar.js';

export const EXPORT_IMPORT_USAGE = `  import-wordpress FILE   import a WordPress export (Tools → Export, a WXR .xml file): posts become
                          articles, the first category their section, tags topics; pictures are
                          found in an uploads folder beside the file; old addresses redirect.
                          Running it again adds nothing
  import-ghost FILE       import a Ghost export (.json): posts become articles, the primary tag their
                          section, other tags topics; pictures are found in content/images beside it
     --json               one JSON line per item
     --draft              keep the new articles as drafts
     --section NAME       put every article in this section
     --uploads DIR        where the export's pictures are (default: beside the file)
     --max-mb N           refuse exports larger than N MB (default ${MAX_EXPORT_BYTES / 1024 / 1024})
     --as EMAIL           import as that member of staff (editors and admins)`;

/** The mark and words a person reads for one item. */
function describe(r: ExportItemResult): string {
  const name = `${r.item}${r.title ? ` "${r.title}"` : ''}`;
  switch (r.outcome) {
    case 'imported':
      return `✓ ${name} imported${r.status === 'draft' ? ' as a draft' : ''} → ${r.url}${r.notes.map((n) => `\n    · ${n}`).join('')}`;
    case 'unchanged':
      return `= ${name} unchanged (imported before) → ${r.url}`;
    case 'skipped':
      return `- ${name} skipped: ${r.reason}`;
    case 'failed':
      return `✗ ${name} failed (${r.code}): ${r.error}${r.notes.map((n) => `\n    · ${n}`).join('')}`;
  }
}

/**
 * `despatch import-wordpress FILE` and `despatch import-ghost FILE`: one line per item as it is
 * done (a JSON object each with --json), a progress bar on standard error when that is a
 * terminal, and a summary. Exit 1 when an item failed or the file could not be read.
 */
export async function exportImportCommand(
  platform: 'wordpress' | 'ghost',
  services: Services,
  args: string[],
  io: CommandIo,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      draft: { type: 'boolean', default: false },
      section: { type: 'string' },
      uploads: { type: 'string' },
      'max-mb': { type: 'string' },
      as: { type: 'string' },
    },
  });
  const command = platform === 'wordpress' ? 'import-wordpress' : 'import-ghost';
  if (positionals.length !== 1) throw new UsageError(`${command} needs one FILE.`);
  const file = positionals[0]!;
  const maxMb = values['max-mb'] === undefined ? null : Number(values['max-mb']);
  if (maxMb !== null && !(maxMb > 0)) throw new UsageError('--max-mb needs a number of megabytes greater than 0.');
  const actor: Actor = values.as ? await services.staff.actAs(values.as) : systemActor('command line');
  assertCan(actor, 'article.import');
  const bar = progressBar(io.err);
  const print = (line: string) => {
    bar.clear();
    io.out.write(line + '\n');
  };
  const hooks: ExportImportHooks = {
    item: (r) => print(values.json ? JSON.stringify(r) : describe(r)),
    progress: (p) =>
      bar.update(
        p.phase === 'reading'
          ? { done: p.bytes, total: p.totalBytes, label: `reading ${readableSize(p.bytes)} of ${readableSize(p.totalBytes)}` }
          : { done: p.done, total: p.total, label: `${p.done} of ${p.total} items` },
      ),
  };
  let summary: ExportSummary;
  try {
    const source = await exportFileAt(file, { platform, uploads: values.uploads ?? null });
    const opts = {
      draft: values.draft,
      section: values.section ?? null,
      maxBytes: maxMb === null ? null : Math.floor(maxMb * 1024 * 1024),
    };
    summary =
      platform === 'wordpress'
        ? await services.exportImporter.importWordPress(actor, source, opts, hooks)
        : await services.exportImporter.importGhost(actor, source, opts, hooks);
  } catch (e) {
    if (!isAppError(e)) throw e;
    // The whole file was refused (too large, not an export, malformed, a DOCTYPE): items
    // already imported by this or an earlier run stay as they are.
    bar.finish();
    print(values.json ? JSON.stringify({ file, ok: false, code: e.code, error: e.message }) : `✗ ${file}: ${e.message}`);
    return 1;
  }
  bar.finish();
  if (!values.json) {
    const { imported, unchanged, skipped, failed, pictures } = summary;
    io.out.write(`${imported} imported, ${unchanged} unchanged, ${skipped} skipped, ${failed} failed.\n`);
    if (pictures > 0)
      io.out.write(
        `${pictures} picture${pictures === 1 ? ' was' : 's were'} added to the library; the site makes their sizes, and they show once those are ready.\n`,
      );
    io.out.write(
      io.site.fromEnv
        ? `Addresses use SITE_URL (${io.site.url}).\n`
        : `Addresses use ${io.site.url}, as SITE_URL is not set; set it to the site's public address.\n`,
    );
  }
  return summary.failed > 0 ? 1 : 0;
}
