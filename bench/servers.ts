import { fork } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import type { FromChild, ToChild } from './child.js';

/** A server running in its own process, reachable on loopback. */
export interface ServerChild {
  name: string;
  pid: number;
  origin: string;
  /** CPU time the child has used so far, in microseconds (user + system, all threads). */
  cpuMicros(): Promise<number>;
  /** The child's own counters (bench/child.ts `stats`). */
  stats(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the children's own modules are compiled to: inside the repository, so they find its node_modules. */
const CHILDREN_DIR = fileURLToPath(new URL('./.cache/children/', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** Every child not yet stopped, so a signal handler can stop them all. */
const running = new Set<ServerChild>();

/**
 * A child's entry compiled to JavaScript beside the protocol it imports (bench/child.ts), so the
 * child runs on plain node: a loader such as tsx runs in a thread of its own and would add tens
 * of MB to every memory figure. The entries import only node's modules, packages, each other
 * and, at run time, the app's compiled modules (bench/app-server.ts); their imports of the
 * sources are types only, which compiling drops.
 */
async function compiledEntry(entry: string): Promise<string> {
  await mkdir(CHILDREN_DIR, { recursive: true });
  for (const file of [entry, './child.ts']) {
    const source = await readFile(new URL(file, import.meta.url), 'utf8');
    const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: basename(file) });
    await writeFile(join(CHILDREN_DIR, basename(file).replace(/\.ts$/, '.js')), code);
  }
  return join(CHILDREN_DIR, basename(entry).replace(/\.ts$/, '.js'));
}

/**
 * Forks `entry` (a bench/*.ts file using serveChild), compiled, on plain node, hands it
 * `setup`, and resolves once it listens. `nodeArgs` go to that node process (e.g. --cpu-prof),
 * `env` adds to its environment.
 */
export async function startServer<Setup>(
  name: string,
  entry: string,
  setup: Setup,
  nodeArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<ServerChild> {
  const child = fork(await compiledEntry(entry), [], {
    cwd: REPO_ROOT,
    execArgv: nodeArgs,
    env: { ...process.env, ...env },
    // Children print nothing on stdout (the app's logger writes to /dev/null); errors reach our stderr.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  /** Sends a question and resolves with the first answer `pick` takes. */
  const ask = <T>(type: 'usage' | 'stats', pick: (message: FromChild) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: FromChild) => {
        const answer = pick(message);
        if (answer === undefined) return;
        child.off('message', onMessage);
        resolve(answer);
      };
      child.on('message', onMessage);
      child.send({ type } satisfies ToChild<Setup>, (err) => err && reject(err));
    });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(server);
      resolve();
    }),
  );
  const server: ServerChild = {
    name,
    pid: child.pid ?? -1,
    origin: '',
    cpuMicros() {
      return ask('usage', (message) => (message.type === 'usage' ? message.cpuMicros : undefined));
    },
    stats() {
      return ask('stats', (message) => (message.type === 'stats' ? message.stats : undefined));
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.send({ type: 'stop' } satisfies ToChild<Setup>);
        else child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  running.add(server);

  return new Promise<ServerChild>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.off('message', onStarted);
      void server.stop();
      reject(new Error(`${name} server: ${reason}`));
    };
    const onEarlyExit = (code: number | null, signal: string | null) => fail(`exited early (${signal ?? `code ${code}`})`);
    const timer = setTimeout(() => fail(`not listening after ${START_TIMEOUT_MS / 1000}s`), START_TIMEOUT_MS);
    child.on('exit', onEarlyExit);
    const onStarted = (message: FromChild) => {
      if (message.type === 'failed') return fail(message.message);
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.off('message', onStarted);
      resolve(Object.assign(server, { origin: `http://127.0.0.1:${message.port}` }));
    };
    child.on('message', onStarted);
    child.send({ type: 'start', setup } satisfies ToChild<Setup>);
  });
}

/** Stops every server child still running (used by finally blocks and signal handlers). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
}
