import { retryAfterMsOf } from './errors.js';
import { sleep as abortableSleep } from './limits.js';

/** How hard one outbound call is retried. */
export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for in-process: the error carries it instead. */
  maxRetryAfterMs: number;
  /** Wall-clock time the attempts and waits may take together; a wait that would overrun it is not taken. */
  budgetMs?: number | undefined;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

export interface RetryHooks {
  /** Whether this failure may be retried (the policy's limits still apply). */
  retryable(err: unknown, attempt: number): boolean;
  /** The wait the service asked for; defaults to the `retryAfter` an outbound AppError carries. */
  askedWaitMs?(err: unknown): number | undefined;
  /** Before each wait, for metrics and throttling counters. */
  onRetry?(info: { error: unknown; attempt: number; waitMs: number; asked: boolean }): void;
  /** Replaceable in tests; must reject when `signal` aborts. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  signal?: AbortSignal | undefined;
  now?(): number;
  random?(): number;
}

/** Full jitter (AWS architecture blog): a random wait in [0, min(max, base * 2^(attempt-1))). */
export function backoffDelayMs(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The one retry loop of outbound calls: runs `op` until it succeeds, the failure is not retryable, the
 * attempts or the time budget are spent, or the service asks for a longer wait than the policy allows.
 * Waits what Retry-After asked for, else exponential backoff with full jitter. The last failure is
 * rethrown as it is, so callers keep their own coded errors.
 */
export async function withRetries<T>(op: (attempt: number) => Promise<T>, policy: Partial<RetryPolicy>, hooks: RetryHooks): Promise<T> {
  const p: RetryPolicy = { ...defaultRetryPolicy, ...policy };
  const now = hooks.now ?? Date.now;
  const sleep = hooks.sleep ?? abortableSleep;
  const asked = hooks.askedWaitMs ?? retryAfterMsOf;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await op(attempt);
    } catch (err) {
      if (attempt >= p.maxAttempts || hooks.signal?.aborted || !hooks.retryable(err, attempt)) throw err;
      const askedMs = asked(err);
      if (askedMs !== undefined && askedMs > p.maxRetryAfterMs) throw err;
      const waitMs = askedMs ?? backoffDelayMs(p, attempt, hooks.random);
      if (p.budgetMs !== undefined && now() - started + waitMs > p.budgetMs) throw err;
      hooks.onRetry?.({ error: err, attempt, waitMs, asked: askedMs !== undefined });
      // Cancelled while waiting: the failure that made us wait is the answer.
      await sleep(waitMs, hooks.signal).catch(() => {
        throw err;
      });
    }
  }
}
