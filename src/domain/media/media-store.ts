import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * Where pictures live on disk, in two places: `uploads/` keeps what was uploaded (the source
 * of every size, never served), and `public/` holds what the site serves at /media/, every
 * file of it encoded by Despatch. Writes go to a temporary name first and are renamed into
 * place, so a reader never sees half a file and a crash leaves no torn one behind.
 */
export interface MediaStore {
  /** The folder served at /media/. */
  publicDir: string;
  saveUpload(name: string, bytes: Uint8Array): Promise<void>;
  readUpload(name: string): Promise<Buffer>;
  removeUpload(name: string): Promise<void>;
  /** Writes a served file at `path` (relative to the public folder). */
  savePublic(path: string, bytes: Uint8Array): Promise<void>;
  /** Removes a served folder or file (an image deleted from the library). */
  removePublic(path: string): Promise<void>;
}

export function createFileMediaStore(root: string): MediaStore {
  const uploads = resolve(root, 'uploads');
  const publicDir = resolve(root, 'public');
  /** `path` under `base`, refusing anything that would leave it. */
  const inside = (base: string, path: string) => {
    const full = resolve(base, path);
    if (!full.startsWith(base + sep)) throw new Error(`Refusing a media path outside ${base}: ${path}`);
    return full;
  };
  async function atomicWrite(full: string, bytes: Uint8Array) {
    await mkdir(dirname(full), { recursive: true });
    const temporary = `${full}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, full);
  }
  return {
    publicDir,
    saveUpload: (name, bytes) => atomicWrite(inside(uploads, name), bytes),
    readUpload: (name) => readFile(inside(uploads, name)),
    removeUpload: (name) => rm(inside(uploads, name), { force: true }),
    savePublic: (path, bytes) => atomicWrite(inside(publicDir, path), bytes),
    removePublic: (path) => rm(inside(publicDir, path), { recursive: true, force: true }),
  };
}

/** Where the served files of one image go: one folder per image, named by its content. */
export const variantFolder = (hash: string) => join('i', hash.slice(0, 2), hash);

/**
 * Moves files an earlier version wrote at the top of MEDIA_DIR (the demo's pictures) into the
 * served folder, where their addresses keep working. Returns how many moved.
 */
export async function upgradeMediaLayout(root: string): Promise<number> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const loose = entries.filter((e) => e.isFile() && /\.(jpe?g|png|webp|avif)$/i.test(e.name));
  if (loose.length === 0) return 0;
  await mkdir(join(root, 'public'), { recursive: true });
  for (const file of loose) await rename(join(root, file.name), join(root, 'public', file.name));
  return loose.length;
}
