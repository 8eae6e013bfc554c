/**
 * Runs several `despatch import --json` processes at once against one database and gathers
 * what each reported. Shared by the concurrency tests (CI-sized) and `npm run bench`
 * (full-sized), so both exercise exactly the same thing.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DatabaseHandle } from '../../src/db/database.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/despatch.mjs', import.meta.url).pathname;

const DESKS = ['Army', 'Navy', 'RAF', 'Tri-Service', 'Joint Forces', 'Defence Industry'];
const PLACES = ['Estonia', 'Poland', 'the Baltic', 'Cyprus', 'Salisbury Plain', 'the North Sea', 'Portsmouth', 'Lossiemouth'];
const UNITS = ['1st Battalion', 'HMS Dauntless', 'No. 9 Squadron', 'the Royal Marines', '16 Air Assault Brigade', 'the Parachute Regiment'];

/** One import's line of `--json` output. */
export interface ImportLine {
  file: string;
  ok: boolean;
  id?: string;
  existing?: boolean;
  code?: string;
  error?: string;
}

/** A page in the seed's shape, different for each `n`, with a quote and topics. */
export function newsPage(n: number): string {
  const desk = DESKS[n % DESKS.length]!;
  const place = PLACES[n % PLACES.length]!;
  const unit = UNITS[n % UNITS.length]!;
  return [
    desk,
    `${unit} deploys to ${place} for exercise ${n}`,
    `Troops from ${unit} are taking part in a multinational exercise in ${place}, the Ministry of Defence has said.`,
    `The deployment, number ${n} this year, involves around ${100 + n} personnel and will last three weeks.`,
    `"This is about showing our allies that we are ready," said Lieutenant Colonel Sarah Hughes, the commanding officer.`,
    `She added that the exercise would test cold-weather logistics.`,
    'Related topics',
    place.replace(/^the /, ''),
    'NATO',
  ].join('\r\n\r\n');
}

/** Writes pages `from`…`to - 1` into `dir`; returns their paths. */
export async function writePages(dir: string, from: number, to: number): Promise<string[]> {
  const files: string[] = [];
  for (let n = from; n < to; n++) {
    const file = join(dir, `page-${n}.txt`);
    await writeFile(file, newsPage(n));
    files.push(file);
  }
  return files;
}

/** A PostgreSQL URL whose connections use `schema` (so child processes share a test's schema). */
export function urlWithSchema(url: string, schema?: string): string {
  if (!schema) return url;
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Starts one `despatch import … --json` per batch at the same moment; resolves with each one's exit status and lines. */
export async function importConcurrently(databaseUrl: string, batches: string[][], cwd: string) {
  const env = { PATH: process.env.PATH, DATABASE_URL: databaseUrl, SITE_URL: 'https://example.org' };
  return Promise.all(
    batches.map(async (files) => {
      let code = 0;
      let stdout = '';
      let stderr = '';
      try {
        ({ stdout, stderr } = await run(process.execPath, [BIN, 'import', '--create-sections', ...files, '--json'], {
          env,
          cwd,
          maxBuffer: 64 * 1024 * 1024,
        }));
      } catch (e) {
        const failed = e as { code: number; stdout: string; stderr: string };
        ({ code, stdout, stderr } = failed);
      }
      const lines = stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ImportLine);
      return { code, lines, stderr };
    }),
  );
}

/** How many articles a database holds (opened with `open`, closed again). */
export async function countArticles(open: () => Promise<DatabaseHandle>): Promise<number> {
  const handle = await open();
  try {
    const row = await handle.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await handle.close();
  }
}
