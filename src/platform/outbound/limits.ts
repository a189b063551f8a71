import { bulkhead, type BulkheadPolicy } from 'cockatiel';

/** How hard Atom may push one service, across all its connections in this process. */
export interface ServiceLimits {
  /** Calls in flight at once. */
  concurrency: number;
  /** Calls started per second (token bucket refill rate). */
  ratePerSecond: number;
  /** Calls that may start back to back before the rate applies. */
  burst: number;
}

export const defaultServiceLimits: ServiceLimits = { concurrency: 8, ratePerSecond: 20, burst: 20 };

/**
 * A token bucket: `take()` resolves when a call may start. Waiters are served in order, so a burst of
 * calls spreads out at the configured rate instead of stampeding.
 */
export interface RateGate {
  take(signal?: AbortSignal): Promise<void>;
}

export function createRateGate(ratePerSecond: number, burst: number, now: () => number = Date.now): RateGate {
  let tokens = burst;
  let last = now();
  let chain: Promise<void> = Promise.resolve();
  const refill = () => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - last) / 1000) * ratePerSecond);
    last = t;
  };
  const waitOne = async (signal?: AbortSignal) => {
    refill();
    while (tokens < 1) {
      const ms = Math.ceil(((1 - tokens) / ratePerSecond) * 1000);
      await sleep(ms, signal);
      refill();
    }
    tokens -= 1;
  };
  return {
    take(signal) {
      const next = chain.then(() => waitOne(signal));
      chain = next.catch(() => undefined);
      return next;
    },
  };
}

export interface ServiceLimiter {
  limits: ServiceLimits;
  /** Runs `fn` once a concurrency slot and a rate token are free. */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Calls currently running. */
  readonly active: number;
}

export function createServiceLimiter(limits: ServiceLimits): ServiceLimiter {
  // The queue is effectively unbounded: callers wait rather than fail; timeouts bound the wait.
  const slots: BulkheadPolicy = bulkhead(limits.concurrency, Number.MAX_SAFE_INTEGER);
  const gate = createRateGate(limits.ratePerSecond, limits.burst);
  return {
    limits,
    run: (fn, signal) =>
      slots.execute(async () => {
        await gate.take(signal);
        return fn();
      }, signal),
    get active() {
      return limits.concurrency - slots.executionSlots;
    },
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
