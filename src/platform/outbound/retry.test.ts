import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { integrationError, isRetryable } from './errors.js';
import { backoffDelayMs, withRetries } from './retry.js';

const unavailable = (retryAfterMs?: number) =>
  integrationError('integrations.http.unavailable', 'Acme says it is temporarily unavailable.', { service: 'acme', upstreamStatus: 503, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

/** A clock that only moves when the loop sleeps, so budgets are exact. */
function fakeTime() {
  let t = 0;
  const waits: number[] = [];
  return { waits, now: () => t, sleep: async (ms: number) => void (waits.push(ms), (t += ms)) };
}

describe('withRetries', () => {
  it('retries a retryable failure and returns the first success', async () => {
    const time = fakeTime();
    let calls = 0;
    const out = await withRetries(async () => (++calls < 3 ? Promise.reject(unavailable()) : 'ok'), { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 }, { retryable: isRetryable, ...time });
    expect(out).toBe('ok');
    expect(calls).toBe(3);
    expect(time.waits).toHaveLength(2);
  });

  it('waits what Retry-After asked (seconds, as the error carries it) instead of the backoff', async () => {
    const time = fakeTime();
    let calls = 0;
    await withRetries(async () => (++calls === 1 ? Promise.reject(unavailable(7000)) : 'ok'), { baseDelayMs: 1 }, { retryable: isRetryable, ...time });
    expect(time.waits).toEqual([7000]);
  });

  it('does not sit out a Retry-After longer than the policy allows: the error is thrown with it', async () => {
    const time = fakeTime();
    const err = await withRetries(() => Promise.reject(unavailable(3_600_000)), { maxRetryAfterMs: 60_000 }, { retryable: isRetryable, ...time }).catch((e: unknown) => e);
    expect((err as AppError).extensions?.['retryAfter']).toBe(3600);
    expect(time.waits).toEqual([]);
  });

  it('stops when the time budget is exhausted and rethrows the last failure', async () => {
    const time = fakeTime();
    let calls = 0;
    const err = await withRetries(
      () => {
        calls++;
        return Promise.reject(unavailable(3000));
      },
      { maxAttempts: 100, budgetMs: 10_000 },
      { retryable: isRetryable, ...time },
    ).catch((e: unknown) => e);
    // Attempts at 0, 3 s, 6 s and 9 s; a fourth wait would end at 12 s, past the 10 s budget.
    expect(calls).toBe(4);
    expect(time.waits).toEqual([3000, 3000, 3000]);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('integrations.http.unavailable');
  });

  it('gives up after maxAttempts, and never retries what is not retryable', async () => {
    const time = fakeTime();
    let calls = 0;
    await expect(withRetries(() => (calls++, Promise.reject(unavailable())), { maxAttempts: 3 }, { retryable: isRetryable, ...time })).rejects.toMatchObject({ code: 'integrations.http.unavailable' });
    expect(calls).toBe(3);
    calls = 0;
    const refused = integrationError('integrations.http.blocked_address', 'internal', { service: 'http', notSent: true });
    await expect(withRetries(() => (calls++, Promise.reject(refused)), { maxAttempts: 3 }, { retryable: isRetryable, ...time })).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it('rethrows the failure it was waiting on when the caller cancels during the wait', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const started = Date.now();
    await expect(withRetries(() => Promise.reject(unavailable(60_000)), { maxAttempts: 3 }, { retryable: isRetryable, signal: ac.signal })).rejects.toMatchObject({
      code: 'integrations.http.unavailable',
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports each retry with its wait (metrics hooks)', async () => {
    const time = fakeTime();
    const seen: { attempt: number; waitMs: number; asked: boolean }[] = [];
    let calls = 0;
    await withRetries(async () => (++calls === 1 ? Promise.reject(unavailable(2000)) : 'ok'), {}, { retryable: isRetryable, onRetry: ({ attempt, waitMs, asked }) => void seen.push({ attempt, waitMs, asked }), ...time });
    expect(seen).toEqual([{ attempt: 1, waitMs: 2000, asked: true }]);
  });
});

describe('backoffDelayMs', () => {
  it('is full jitter under an exponential ceiling capped at maxDelayMs', () => {
    const p = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelayMs(p, 1, () => 0.999)).toBe(99);
    expect(backoffDelayMs(p, 3, () => 0.5)).toBe(200);
    expect(backoffDelayMs(p, 10, () => 0.999)).toBe(999);
    expect(backoffDelayMs(p, 4, () => 0)).toBe(0);
  });
});
