import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { invalid } from '../../kernel/errors.js';

/** A picture file that came with an export. */
export interface PictureFile {
  /** Where it was found (for the library's file name and for messages). */
  file: string;
  bytes: Uint8Array;
}

/** What a picture lookup found: the file, nothing, or a file too large to read. */
export type PictureLookup = PictureFile | 'missing' | 'too-large';

/**
 * An export file as the importers read it: twice over (once to learn what it holds, once to
 * import), never whole into memory, and with the pictures that were copied beside it.
 */
export interface ExportFile {
  /** The file's name, for messages. */
  name: string;
  /** Its size in bytes, checked against the cap before anything is parsed. */
  size: number;
  /** A fresh stream of its bytes. */
  open(): AsyncIterable<Uint8Array>;
  /**
   * A picture by its path under the site's uploads folder (`2024/05/harbour.jpg`): looked for
   * in the folders the export came with. Paths that climb out of those folders find nothing.
   */
  picture(path: string, maxBytes: number): Promise<PictureLookup>;
}

/** Largest export read by default (512 MB): a whole newsroom's archive fits; a mistaken disk image does not. */
export const MAX_EXPORT_BYTES = 512 * 1024 * 1024;

/** Where each platform's pictures sit beside its export, relative to the export's folder. */
const PICTURE_FOLDERS = {
  // A copy of wp-content/uploads beside the XML, under either name, or the dated folders themselves.
  wordpress: ['uploads', join('wp-content', 'uploads'), '.'],
  // Ghost's backup keeps pictures in content/images.
  ghost: [join('content', 'images'), 'images', '.'],
} as const;

/** A size as people read it: "12 KB" below a megabyte, then "3.4 MB", "512 MB". */
export const readableSize = (bytes: number): string => {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = bytes / 1024 / 1024;
  return `${mb < 10 ? Math.round(mb * 10) / 10 : Math.round(mb)} MB`;
};

/** Refuses an export over `maxBytes` before it is read, saying how to get past the limit. */
export function assertExportSize(name: string, size: number, maxBytes: number): void {
  if (size > maxBytes)
    throw invalid(
      'FILE_TOO_LARGE',
      `${name} is ${readableSize(size)}, larger than the ${readableSize(maxBytes)} an import reads. Export a date range at a time, or raise the limit with --max-mb.`,
    );
}

/**
 * The export at `path`, with the folders its pictures may be in: `uploads` when given, then
 * the platform's usual places beside the export. A missing file or a folder is refused here.
 */
export async function exportFileAt(path: string, opts: { platform: 'wordpress' | 'ghost'; uploads?: string | null }): Promise<ExportFile> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw invalid('FILE_UNREADABLE', e.code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path} (${e.code ?? 'error'}).`);
  });
  if (!info.isFile()) throw invalid('NOT_A_FILE', `${path} is not a file.`);
  const beside = dirname(resolve(path));
  const folders = [...(opts.uploads ? [resolve(opts.uploads)] : []), ...PICTURE_FOLDERS[opts.platform].map((f) => resolve(beside, f))];
  return {
    name: path,
    size: info.size,
    open: () => createReadStream(path, { highWaterMark: 256 * 1024 }),
    picture: (relative, maxBytes) => findPicture(folders, relative, maxBytes),
  };
}

/** The first of `folders` holding `relative`, read unless it is over `maxBytes`. */
async function findPicture(folders: string[], relative: string, maxBytes: number): Promise<PictureLookup> {
  const clean = normalize(relative.replace(/\\/g, '/')).replace(/^[/\\]+/, '');
  // An export is data, not instructions: a path that climbs out (../../etc/passwd) or names
  // another drive finds nothing rather than a file the importer was never meant to read.
  if (!clean || clean.includes('\0') || isAbsolute(clean) || clean.split(/[/\\]/).includes('..')) return 'missing';
  for (const folder of folders) {
    const file = join(folder, clean);
    if (!file.startsWith(folder + sep)) continue;
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) continue;
    if (info.size > maxBytes) return 'too-large';
    return { file, bytes: await readFile(file) };
  }
  return 'missing';
}
