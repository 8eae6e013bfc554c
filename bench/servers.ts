import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
// Resolved here so the children find tsx whatever the working directory is.
const TSX_LOADER = import.meta.resolve('tsx');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** Every child not yet stopped, so a signal handler can stop them all. */
const running = new Set<ServerChild>();

/**
 * Forks `entry` (a bench/*.ts file using serveChild) under tsx, hands it `setup`, and resolves
 * once it listens. `nodeArgs` go to that node process (e.g. --cpu-prof).
 */
export function startServer<Setup>(name: string, entry: string, setup: Setup, nodeArgs: string[] = []): Promise<ServerChild> {
  const child = fork(fileURLToPath(new URL(entry, import.meta.url)), [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', TSX_LOADER, ...nodeArgs],
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
