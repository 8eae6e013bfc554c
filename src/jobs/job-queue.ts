import { sql } from 'kysely';
import type { Executor } from '../db/schema.js';
import { newId } from '../kernel/ids.js';
import type { JobStatus, JobsTable } from './jobs.table.js';

/** A job to do: what, with what, when. */
export interface NewJob {
  kind: string;
  payload: unknown;
  /** ISO-8601 UTC; not before this. */
  runAt: string;
  /** At most one pending job per key: enqueueing again under the same key moves it. */
  dedupeKey?: string;
  /** Attempts before it is given up (default 5). */
  maxAttempts?: number;
}

/** A job a worker holds under a lease. */
export interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  attempt: number;
  maxAttempts: number;
}

/**
 * The table of due jobs. Claiming is the one part whose SQL differs by database:
 * `sqlite-job-queue.ts` (one writer at a time makes select-then-update atomic) and
 * `postgres-job-queue.ts` (`FOR UPDATE SKIP LOCKED`, so instances never take the same job).
 * Both pass `job-queue.contract.ts`.
 */
export interface JobQueue {
  /** Adds (or, under the same dedupe key, moves) a job inside the caller's transaction. */
  enqueue(ex: Executor, job: NewJob, now: string): Promise<void>;
  /** Removes the pending job under `dedupeKey` (an unscheduled article), inside the caller's transaction. */
  cancel(ex: Executor, dedupeKey: string): Promise<void>;
  /** Takes up to `limit` due jobs for `workerId` until `leaseUntil`; no job is held by two workers. */
  claim(workerId: string, now: string, leaseUntil: string, limit: number): Promise<ClaimedJob[]>;
  /** The job ran: it is done. */
  complete(jobId: string, workerId: string, now: string): Promise<void>;
  /** The job failed: tried again at `retryAt`, or given up when that was its last attempt. */
  fail(jobId: string, workerId: string, error: string, retryAt: string, now: string): Promise<void>;
  /** How much waits (for `/metrics`): due and not held, held under a lease, due later, and when the oldest due job fell due. */
  depth(now: string): Promise<QueueDepth>;
}

export interface QueueDepth {
  due: number;
  running: number;
  later: number;
  oldestDueAt: string | null;
}

/** The parts both implementations share; only `claim` is their own. */
export function commonJobQueue(db: Executor, claim: JobQueue['claim']): JobQueue {
  return {
    async enqueue(ex, job, now) {
      const row: JobsTable = {
        job_id: newId(),
        kind: job.kind,
        dedupe_key: job.dedupeKey ?? null,
        payload: JSON.stringify(job.payload ?? null),
        status: 'pending',
        run_at: job.runAt,
        attempts: 0,
        max_attempts: job.maxAttempts ?? 5,
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: now,
        finished_at: null,
      };
      if (job.dedupeKey) {
        // A finished job keeps its key for the record; a new one under the key starts afresh.
        await ex
          .updateTable('jobs')
          .set({ dedupe_key: null })
          .where('dedupe_key', '=', job.dedupeKey)
          .where('status', '!=', 'pending')
          .execute();
        await ex
          .insertInto('jobs')
          .values(row)
          .onConflict((oc) =>
            oc.column('dedupe_key').doUpdateSet({ run_at: row.run_at, payload: row.payload, attempts: 0, last_error: null }),
          )
          .execute();
      } else {
        await ex.insertInto('jobs').values(row).execute();
      }
    },

    async cancel(ex, dedupeKey) {
      await ex.deleteFrom('jobs').where('dedupe_key', '=', dedupeKey).where('status', '=', 'pending').execute();
    },

    claim,

    async complete(jobId, workerId, now) {
      await db
        .updateTable('jobs')
        .set({ status: 'done', finished_at: now, locked_by: null, locked_until: null })
        .where('job_id', '=', jobId)
        .where('locked_by', '=', workerId)
        .execute();
    },

    async depth(now) {
      const held = sql<boolean>`locked_until is not null and locked_until >= ${now}`;
      const row = await db
        .selectFrom('jobs')
        .select([
          sql<number>`coalesce(sum(case when run_at <= ${now} and not (${held}) then 1 else 0 end), 0)`.as('due'),
          sql<number>`coalesce(sum(case when ${held} then 1 else 0 end), 0)`.as('running'),
          sql<number>`coalesce(sum(case when run_at > ${now} and not (${held}) then 1 else 0 end), 0)`.as('later'),
          sql<string | null>`min(case when not (${held}) and run_at <= ${now} then run_at end)`.as('oldest'),
        ])
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return { due: Number(row.due), running: Number(row.running), later: Number(row.later), oldestDueAt: row.oldest };
    },

    async fail(jobId, workerId, error, retryAt, now) {
      await db
        .updateTable('jobs')
        .set({
          // The last attempt failed: give up, and keep the error for whoever looks.
          status: sql<JobStatus>`case when attempts >= max_attempts then 'failed' else 'pending' end`,
          finished_at: sql<string | null>`case when attempts >= max_attempts then ${now} else null end`,
          run_at: retryAt,
          last_error: error.slice(0, 2000),
          locked_by: null,
          locked_until: null,
        })
        .where('job_id', '=', jobId)
        .where('locked_by', '=', workerId)
        .execute();
    },
  };
}

/** A claimed row as the runner sees it. */
export const toClaimed = (r: Pick<JobsTable, 'job_id' | 'kind' | 'payload' | 'attempts' | 'max_attempts'>): ClaimedJob => ({
  id: r.job_id,
  kind: r.kind,
  payload: JSON.parse(r.payload) as unknown,
  attempt: Number(r.attempts),
  maxAttempts: Number(r.max_attempts),
});
