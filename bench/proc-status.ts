import { readFile } from 'node:fs/promises';

/** The kB fields of /proc/<pid>/status (VmRSS, VmHWM, RssAnon, RssFile …), in MB: one read for all of them. */
export async function procStatusMb(pid: number): Promise<Record<string, number>> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const fields: Record<string, number> = {};
  for (const m of status.matchAll(/^(\w+):\s+(\d+) kB$/gm)) fields[m[1]!] = Number(m[2]) / 1024;
  return fields;
}

/** VmRSS of a process, in MB. */
export async function rssMb(pid: number): Promise<number> {
  return (await procStatusMb(pid)).VmRSS ?? Number.NaN;
}
