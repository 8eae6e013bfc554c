import type { Clock } from '../kernel/clock.js';
import { newId } from '../kernel/ids.js';
import type { Logger } from '../kernel/logger.js';
import type { ClaimedJob, JobQueue } from './job-queue.js';

/** Runs one kind of job; throwing means "try again later" until the job's last attempt. */
export type JobHandler = (payload: unknown, job: ClaimedJob) => Promise<void>;

export interface JobRunnerOptions {
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  handlers: Record<string, JobHandler>;
  /** Names this process in `locked_by` (default: a random id). */
  workerId?: string;
  /** How often due jobs are looked for (default 1 s). */
  pollMs?: number;
  /** How long a claimed job is this worker's; a crash lets it lapse and another worker retry (default 60 s). */
  leaseMs?: number;
}

/** Waiting before retry: 30 s, 1 min, 2 min … at most an hour. */
const backoffMs = (attempt: number) => Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3600_000);

/**
 * Polls the queue and runs due jobs. Jobs live in the database, so they survive restarts: a
 * job due while the process was down runs at the next start; a job whose worker died runs
 * again once its lease lapses. Handlers must be safe to run twice (at least once delivery).
 */
export function createJobRunner(opts: JobRunnerOptions) {
  const { queue, clock, log, handlers } = opts;
  const workerId = opts.workerId ?? `worker-${newId()}`;
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function runDue(limit = 20): Promise<number> {
    const now = clock.now();
    const jobs = await queue.claim(workerId, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), limit);
    for (const job of jobs) {
      const handler = handlers[job.kind];
      try {
        if (!handler) throw new Error(`No handler for jobs of kind "${job.kind}".`);
        await handler(job.payload, job);
        await queue.complete(job.id, workerId, clock.now().toISOString());
      } catch (err) {
        const at = clock.now();
        log.error({ err, job: job.id, kind: job.kind, attempt: job.attempt }, `job ${job.kind} failed`);
        await queue.fail(
          job.id,
          workerId,
          err instanceof Error ? err.message : String(err),
          new Date(at.getTime() + backoffMs(job.attempt)).toISOString(),
          at.toISOString(),
        );
      }
    }
    return jobs.length;
  }

  return {
    /** This worker's name in the queue. */
    workerId,
    /** Claims and runs the jobs due now; resolves with how many ran. */
    runDue,
    /** Polls every `pollMs` until stopped; a failed poll (the database away) is logged and the next one tries again. */
    start(): void {
      if (timer) return;
      const tick = async () => {
        running = runDue().catch((err) => {
          log.warn({ err }, 'looking for due jobs failed; trying again');
          return 0;
        });
        await running;
        running = null;
        if (timer) timer = setTimeout(tick, pollMs);
      };
      timer = setTimeout(tick, 0);
    },
    /** Stops polling and waits for the jobs in hand to finish. */
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
