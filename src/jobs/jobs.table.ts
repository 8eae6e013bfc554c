/** Where a job is: waiting (or running under a lease), finished, or given up after its last attempt. */
export type JobStatus = 'pending' | 'done' | 'failed';

export interface JobsTable {
  job_id: string;
  /** Which handler runs it, e.g. `article.publish`. */
  kind: string;
  /** At most one pending job per key; enqueueing again moves it. */
  dedupe_key: string | null;
  /** JSON the handler reads. */
  payload: string;
  status: JobStatus;
  /** ISO-8601 UTC: not before this. */
  run_at: string;
  attempts: number;
  max_attempts: number;
  /** The worker running it, and until when its lease holds; a lease that lapses (a crash) lets another take it. */
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}
