declare module '../db/schema.js' {
  interface Database {
    jobs: JobsTable;
  }
}

/** The embedded backend's job table: one row per pending or running job (deleted when done). */
export interface JobsTable {
  id: string;
  queue: string;
  /** JSON. */
  data: string;
  /** Epoch ms of the earliest start. */
  run_at: number;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  /** Epoch ms; a running job whose lock passed is taken again by another consumer. */
  locked_until: number;
  created_at: string;
}
