/**
 * The protocol between the bench runner and a server child, over the fork IPC channel:
 * parent → child `{ type: 'start', setup }`, child → parent `{ type: 'ready', port }` or
 * `{ type: 'failed', message }`; `{ type: 'usage' }` → `{ type: 'usage', cpuMicros }` (the
 * child's CPU time so far, all threads); `{ type: 'stats' }` → `{ type: 'stats', stats }` (the
 * server's own counters, e.g. page-cache hits); parent → child `{ type: 'stop' }`.
 */
export type ToChild<Setup> = { type: 'start'; setup: Setup } | { type: 'usage' } | { type: 'stats' } | { type: 'stop' };
export type FromChild =
  | { type: 'ready'; port: number }
  | { type: 'failed'; message: string }
  | { type: 'usage'; cpuMicros: number }
  | { type: 'stats'; stats: Record<string, number> };

export interface Listening {
  port: number;
  close(): Promise<void>;
  /** Counters the runner may read between runs (none by default). */
  stats?(): Record<string, number>;
}

/**
 * Runs in a child: starts the server when told, reports its port, and exits cleanly on
 * `stop`, SIGINT/SIGTERM, or when the parent goes away (so no server outlives a bench run).
 * A clean exit also lets `--cpu-prof` write its profile.
 */
export function serveChild<Setup>(start: (setup: Setup) => Promise<Listening>): void {
  if (!process.send) throw new Error('This is a bench child: start it with child_process.fork.');
  const send = (message: FromChild) => process.send!(message);
  let server: Listening | null = null;
  let stopping = false;

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await server?.close();
    } finally {
      process.exit(0);
    }
  };

  process.on('message', (message: ToChild<Setup>) => {
    if (message.type === 'stop') return void stop();
    if (message.type === 'usage') {
      const { user, system } = process.cpuUsage();
      return send({ type: 'usage', cpuMicros: user + system });
    }
    if (message.type === 'stats') return send({ type: 'stats', stats: server?.stats?.() ?? {} });
    start(message.setup).then(
      (listening) => {
        server = listening;
        send({ type: 'ready', port: listening.port });
      },
      (err: unknown) => {
        send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
        void stop();
      },
    );
  });
  process.on('disconnect', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
