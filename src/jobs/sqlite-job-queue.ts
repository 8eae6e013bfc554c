import type { Executor } from '../db/schema.js';
import { commonJobQueue, toClaimed, type JobQueue } from './job-queue.js';

/**
 * SQLite allows one writer at a time and transactions begin IMMEDIATE, so reading the due
 * jobs and marking them taken in one transaction is already atomic across processes.
 */
export function createSqliteJobQueue(db: Executor): JobQueue {
  return commonJobQueue(db, async (workerId, now, leaseUntil, limit) =>
    db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('jobs')
        .select('job_id')
        .where('status', '=', 'pending')
        .where('run_at', '<=', now)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .orderBy('run_at')
        .orderBy('job_id')
        .limit(limit)
        .execute();
      if (due.length === 0) return [];
      const ids = due.map((d) => d.job_id);
      await trx
        .updateTable('jobs')
        .set((eb) => ({ locked_by: workerId, locked_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
        .where('job_id', 'in', ids)
        .execute();
      const rows = await trx
        .selectFrom('jobs')
        .select(['job_id', 'kind', 'payload', 'attempts', 'max_attempts'])
        .where('job_id', 'in', ids)
        .orderBy('run_at')
        .execute();
      return rows.map(toClaimed);
    }),
  );
}
