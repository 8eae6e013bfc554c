import { stat, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { systemActor, type Actor } from '../domain/access/index.js';
import type { MediaItem } from '../domain/media/index.js';
import type { JobRunner } from '../jobs/index.js';
import { isAppError, type ErrorCode } from '../kernel/errors.js';
import type { Services } from '../services.js';
import { UsageError, type CommandIo } from './io.js';

export const MEDIA_USAGE = `  media add FILE… [--json] add pictures (JPEG, PNG, WebP, AVIF) to the library; waits for their sizes
     --alt TEXT           what the pictures show, for those who cannot see them
     --caption TEXT       a caption
     --credit TEXT        who took them
     --as EMAIL           add them as that member of staff`;

/** One file's outcome, as `--json` prints it. */
type MediaResult =
  | {
      file: string;
      ok: true;
      id: string;
      url: string | null;
      variants: Array<{ url: string; type: string; width: number }>;
    }
  | { file: string; ok: false; code: ErrorCode; error: string };

/** How long the command waits for a picture's sizes before saying so. */
const WAIT_MS = 120_000;

/**
 * `despatch media add FILE…`: each file through the same service as the newsroom's upload.
 * The sizes are made by the job runner; the command runs the due jobs itself, so each line is
 * printed once its picture is ready. Exit 1 if any file failed.
 */
export async function mediaCommand(services: Services, runner: JobRunner, args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      alt: { type: 'string' },
      caption: { type: 'string' },
      credit: { type: 'string' },
      as: { type: 'string' },
    },
  });
  const [action, ...files] = positionals;
  if (action !== 'add') throw new UsageError(`Unknown media action "${action ?? ''}".`);
  if (files.length === 0) throw new UsageError('media add needs at least one FILE.');
  const actor: Actor = values.as ? await services.staff.actAs(values.as) : systemActor('command line');
  const meta = { alt: values.alt ?? '', caption: values.caption ?? '', credit: values.credit ?? '' };
  let failed = 0;
  for (const file of files) {
    const { result, existing } = await addOne(services, runner, actor, file, meta);
    if (!result.ok) failed++;
    io.out.write(values.json ? JSON.stringify(result) + '\n' : describe(result, existing) + '\n');
  }
  if (!values.json) io.out.write(`${files.length - failed} added, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

async function addOne(
  services: Services,
  runner: JobRunner,
  actor: Actor,
  file: string,
  meta: { alt: string; caption: string; credit: string },
): Promise<{ result: MediaResult; existing: boolean }> {
  const failed = (code: ErrorCode, error: string) => ({ result: { file, ok: false as const, code, error }, existing: false });
  try {
    const info = await stat(file).catch((e: NodeJS.ErrnoException) => {
      throw Object.assign(new Error(e.code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file} (${e.code ?? 'error'}).`), {
        unreadable: true,
      });
    });
    if (!info.isFile()) return failed('NOT_A_FILE', `${file} is not a file.`);
    const limit = services.media.limits.maxBytes;
    // Refused before reading: a 200 MB file is never loaded into memory.
    if (info.size > limit) return failed('FILE_TOO_LARGE', `${file} is larger than ${Math.round(limit / 1024 / 1024)} MB.`);
    const { item, existing } = await services.media.addImage(actor, { file, bytes: await readFile(file) }, meta);
    const ready = await waitUntilReady(services, runner, item);
    if (ready.status !== 'ready') return failed('IMAGE_UNREADABLE', `The sizes of ${file} could not be made.`);
    const largest = ready.variants.filter((v) => v.type === `image/${ready.format}`).at(-1);
    return {
      result: {
        file,
        ok: true,
        id: ready.id,
        url: largest?.url ?? null,
        variants: ready.variants.map((v) => ({ url: v.url, type: v.type, width: v.width })),
      },
      existing,
    };
  } catch (e) {
    if (isAppError(e)) return failed(e.code, e.message);
    if ((e as { unreadable?: boolean }).unreadable) return failed('FILE_UNREADABLE', (e as Error).message);
    throw e;
  }
}

/** Runs due jobs until the picture's sizes exist (another process may be making them). */
async function waitUntilReady(services: Services, runner: JobRunner, item: MediaItem): Promise<MediaItem> {
  const until = Date.now() + WAIT_MS;
  let current = item;
  while (current.status === 'processing' && Date.now() < until) {
    if ((await runner.runDue()) === 0) await new Promise((r) => setTimeout(r, 200));
    current = await services.media.get(item.id);
  }
  return current;
}

function describe(r: MediaResult, existing: boolean): string {
  if (!r.ok) return `✗ ${r.file}: ${r.error}`;
  return `✓ ${r.file}: ${existing ? 'already in the library' : 'added'} → ${r.url ?? ''} (${r.variants.length} sizes)`;
}
