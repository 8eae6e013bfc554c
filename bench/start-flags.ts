import { readFile } from 'node:fs/promises';

/** `npm start`'s command line: package.json's start script. */
async function startScript(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start;
}

/**
 * The V8 flags `npm start` gives node (its start script in package.json: the heap's bounds and
 * the garbage collector's mode), so the benchmarks measure the server as it runs in
 * production. BENCH_NODE_FLAGS, when set, replaces them.
 */
export async function startFlags(): Promise<string[]> {
  const override = process.env.BENCH_NODE_FLAGS;
  if (override !== undefined) return override.split(/\s+/).filter(Boolean);
  const start = await startScript();
  const flags = /\bnode\s+(.*?)\s*dist\/main\.js/.exec(start)?.[1];
  if (flags === undefined) throw new Error(`The start script does not run node dist/main.js: ${start}`);
  return flags.split(/\s+/).filter(Boolean);
}

/** The environment `npm start` sets before node (`NAME=value` words ahead of it: malloc's arenas). */
export async function startEnv(): Promise<Record<string, string>> {
  const start = await startScript();
  const words = /^((?:\w+=\S*\s+)*)node\b/.exec(start)?.[1] ?? '';
  return Object.fromEntries(
    words
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]),
  );
}
