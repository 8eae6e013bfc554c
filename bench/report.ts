import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, release, totalmem, type as osType, version as osVersion } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { wrkVersion } from './wrk.js';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** What the numbers were measured on. */
export interface Machine {
  cpuModel: string;
  cpus: number;
  memoryMb: number;
  freeMemoryMb: number;
  /** 1, 5 and 15 minute load averages when the run began: another job on the machine shows here. */
  loadAverage: number[];
  node: string;
  wrk: string;
  kernel: string;
  commit: string | null;
}

export async function describeMachine(): Promise<Machine> {
  const list = cpus();
  // /proc/cpuinfo names the model where os.cpus() may not (some virtual machines).
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? list[0]?.model ?? 'unknown';
  const commit = await run('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT }).then(
    (r) => r.stdout.trim() || null,
    () => null,
  );
  return {
    cpuModel: model.trim(),
    cpus: list.length,
    memoryMb: Math.round(totalmem() / 1024 / 1024),
    freeMemoryMb: Math.round(freemem() / 1024 / 1024),
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    node: process.version,
    wrk: await wrkVersion(),
    kernel: `${osType()} ${release()} (${osVersion()})`,
    commit,
  };
}

/** A table as aligned text (numbers right-aligned) for the terminal, or as Markdown. */
export function table(header: string[], rows: string[][], numeric: (column: number) => boolean, markdown: boolean): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((cells) => cells[i]!.length)));
  const pad = (cells: string[]) => cells.map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)));
  if (!markdown) {
    const lines = [pad(header).join('  '), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => pad(r).join('  '))];
    return lines.map((l) => l.trimEnd()).join('\n');
  }
  const rule = widths.map((w, i) => (numeric(i) ? `${'-'.repeat(Math.max(w - 1, 2))}:` : '-'.repeat(Math.max(w, 3))));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(pad(header)), line(rule), ...rows.map((r) => line(pad(r)))].join('\n');
}

/**
 * Writes `<base>.md` and `<base>.json` under bench/results/, formatted as the repository's
 * prettier would (the folder is kept in git and `npm run lint` checks it). Returns their paths.
 */
export async function writeResults(base: string, markdown: string, json: unknown): Promise<string[]> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const files: Array<[string, string]> = [
    [join(RESULTS_DIR, `${base}.md`), markdown],
    [join(RESULTS_DIR, `${base}.json`), `${JSON.stringify(json, null, 2)}\n`],
  ];
  for (const [path, text] of files) await writeFile(path, await prettified(path, text));
  return files.map(([path]) => path);
}

async function prettified(path: string, text: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(path)) ?? {};
    return await prettier.format(text, { ...options, filepath: path });
  } catch {
    return text; // prettier is a dev dependency: without it, the file is written as generated
  }
}
