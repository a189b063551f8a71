/**
 * A durable job queue with two backends of identical semantics: `embedded` (a job table in the
 * database, polled by in-process consumers) and `bullmq` (Redis, consumed by `atom worker`).
 *
 * Semantics both backends share:
 * - a job runs at least once; handlers must be idempotent (the workflow engine is, by its journal);
 * - `id` is deterministic when given: enqueueing an id that is still pending or running is a no-op,
 *   so re-scheduling the same timer twice schedules it once; after it ran, the id may be used again;
 * - `runAt`/`delayMs` make a stored timer: it survives a restart of every process;
 * - a handler that throws is retried with exponential backoff up to `maxAttempts`, then dropped (logged).
 */
export interface JobOptions {
  /** Deterministic id (e.g. `retry:<runId>:<stepKey>:<attempt>`); a random one when omitted. */
  id?: string;
  /** Earliest start, epoch milliseconds. */
  runAt?: number;
  delayMs?: number;
  /** Tries before the job is dropped; default 5. */
  maxAttempts?: number;
}

export interface Job<T = unknown> {
  id: string;
  queue: string;
  data: T;
  /** 1 on the first try. */
  attempt: number;
}

export type JobHandler<T = unknown> = (job: Job<T>) => Promise<void>;

export interface ConsumerOptions {
  /** Jobs of this queue run at the same time in this process; default 4. */
  concurrency?: number;
}

export interface JobQueue {
  readonly backend: 'embedded' | 'bullmq';
  enqueue<T>(queue: string, data: T, options?: JobOptions): Promise<string>;
  /** Starts consuming `queue` in this process. */
  process<T>(queue: string, handler: JobHandler<T>, options?: ConsumerOptions): void;
  /** Removes a pending (not running) job; true when one was removed. */
  remove(queue: string, id: string): Promise<boolean>;
  /** Jobs waiting or delayed in `queue` (not running). */
  pendingCount(queue: string): Promise<number>;
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

/** Wall-clock source; tests pass a controllable one to move stored timers forward without sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Backoff of the queue's own retries (handler threw): 500 ms × 2^(attempt-1), capped at 60 s. */
export const jobRetryDelayMs = (attempt: number): number => Math.min(500 * 2 ** (attempt - 1), 60_000);
