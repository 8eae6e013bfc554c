import { sql } from 'kysely';
import type { Executor } from '../db/schema.js';
import { commonJobQueue, toClaimed, type JobQueue } from './job-queue.js';

/**
 * Several instances poll the same table: `FOR UPDATE SKIP LOCKED` lets each take due jobs
 * the others are not taking, in one statement, without waiting on each other's locks. The
 * batch is picked once, in a materialized CTE: as an `in (subquery)` the planner may run the
 * subquery more than once (a semi-join re-scan), and with SKIP LOCKED each run can pick
 * different rows, so one claim could take more than `limit` jobs.
 */
export function createPostgresJobQueue(db: Executor): JobQueue {
  return commonJobQueue(db, async (workerId, now, leaseUntil, limit) => {
    const result = await sql<{ job_id: string; kind: string; payload: string; attempts: number; max_attempts: number; run_at: string }>`
      with picked as materialized (
        select job_id from jobs
        where status = 'pending' and run_at <= ${now} and (locked_until is null or locked_until < ${now})
        order by run_at, job_id
        limit ${limit}
        for update skip locked
      )
      update jobs set locked_by = ${workerId}, locked_until = ${leaseUntil}, attempts = attempts + 1
      from picked
      where jobs.job_id = picked.job_id
      returning jobs.job_id, jobs.kind, jobs.payload, jobs.attempts, jobs.max_attempts, jobs.run_at`.execute(db);
    // RETURNING keeps no order: hand the jobs out oldest first, as SQLite's queue does.
    return result.rows.sort((a, b) => a.run_at.localeCompare(b.run_at) || a.job_id.localeCompare(b.job_id)).map(toClaimed);
  });
}
