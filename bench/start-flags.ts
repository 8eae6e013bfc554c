import { readFile } from 'node:fs/promises';

/**
 * The V8 flags `npm start` gives node (its start script in package.json: the heap's bounds and
 * the garbage collector's mode), so the benchmarks measure the server as it runs in
 * production. BENCH_NODE_FLAGS, when set, replaces them.
 */
export async function startFlags(): Promise<string[]> {
  const override = process.env.BENCH_NODE_FLAGS;
  if (override !== undefined) return override.split(/\s+/).filter(Boolean);
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const start = pkg.scripts.start;
  const flags = /\bnode\s+(.*?)\s*dist\/main\.js/.exec(start)?.[1];
  if (flags === undefined) throw new Error(`The start script does not run node dist/main.js: ${start}`);
  return flags.split(/\s+/).filter(Boolean);
}
