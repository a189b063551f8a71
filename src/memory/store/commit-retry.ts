/**
 * LanceDB commits optimistically: when two commits race on one table (an index build and a compaction — the
 * settle timer's build and the writer queue's periodic optimize run apart on purpose, so a long build does
 * not hold writes), the later one fails with "Retryable commit conflict ... preempted by concurrent
 * transaction". Nothing of the loser was committed and LanceDB says the operation may simply run again on
 * the new version, so it does, a few times with a short growing pause.
 */
const conflict = /retryable commit conflict|commit conflict|preempted by concurrent transaction/i;

export const isCommitConflict = (err: unknown): boolean => err instanceof Error && conflict.test(err.message);

export interface CommitRetryOptions {
  /** Tries in all (default 4). */
  attempts?: number;
  /** Pause before the second try; doubled each time (default 50 ms). */
  delayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export async function retryCommitConflict<T>(operation: () => Promise<T>, options: CommitRetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let delay = options.delayMs ?? 50;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (err) {
      if (attempt >= attempts || !isCommitConflict(err)) throw err;
      await sleep(delay);
      delay *= 2;
    }
  }
}
