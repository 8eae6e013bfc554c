import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { checkBackupSource, OperationRefused, writeBackup } from '../db/backup-archive.js';
import { openDatabase } from '../db/database.js';
import { UsageError, type CommandIo } from './io.js';

export const BACKUP_USAGE = `  backup FILE             write the database and the media folder to FILE (gzip-compressed tar
                          with a manifest of every part's size and SHA-256); safe while the
                          site runs (PostgreSQL needs pg_dump)`;

/** `despatch backup FILE`: one archive holding the database and the media folder. */
export async function backupCommand(config: Config, args: string[], io: CommandIo, appVersion: string): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('backup needs one FILE to write.');
  try {
    checkBackupSource(config.databaseUrl);
    const handle = await openDatabase(config.databaseUrl);
    try {
      const { manifest, bytes } = await writeBackup(handle, {
        databaseUrl: config.databaseUrl,
        mediaDir: config.mediaDir,
        file,
        appVersion,
      });
      const tables = Object.values(manifest.tables);
      const rows = tables.reduce((a, b) => a + b, 0);
      const media = manifest.members.filter((m) => m.path.startsWith('media/')).length;
      io.out.write(
        `Backed up ${count(tables.length, 'table')} (${count(rows, 'row')}) and ${count(media, 'media file')} to ${file} (${formatBytes(bytes)}).\n`,
      );
      return 0;
    } finally {
      await handle.close();
    }
  } catch (err) {
    return refused(err, io);
  }
}

/** A refusal is one line and exit status 1; anything else is not a refusal and goes on up. */
export function refused(err: unknown, io: CommandIo): number {
  if (!(err instanceof OperationRefused)) throw err;
  io.err.write(`${err.message}\n`);
  return 1;
}

/** "1 table", "1,234 rows". */
export const count = (n: number, word: string): string => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

/** A size as people read it: 812 bytes, 4.2 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return count(bytes, 'byte');
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
