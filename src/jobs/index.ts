import type { DatabaseHandle } from '../db/database.js';
import type { JobQueue } from './job-queue.js';
import { createPostgresJobQueue } from './postgres-job-queue.js';
import { createSqliteJobQueue } from './sqlite-job-queue.js';

export type { ClaimedJob, JobQueue, NewJob } from './job-queue.js';
export { createJobRunner } from './job-runner.js';
export type { JobHandler, JobRunner } from './job-runner.js';

/** The job queue for this database: the one place that picks an implementation by dialect. */
export function createJobQueue(handle: Pick<DatabaseHandle, 'db' | 'dialect'>): JobQueue {
  return handle.dialect === 'postgres' ? createPostgresJobQueue(handle.db) : createSqliteJobQueue(handle.db);
}
