import { BrokenCircuitError } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { integrationError } from './errors.js';
import { createBreaker } from './runtime.js';

const down = () => Promise.reject(integrationError('integrations.http.server_error', 'Acme had an internal error.', { service: 'acme', upstreamStatus: 500 }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('circuit breaker', () => {
  it('opens after consecutive failures, lets one probe through when half-open, and closes on success', async () => {
    const breaker = createBreaker({ failures: 3, halfOpenAfterMs: 50 });
    let calls = 0;
    const failing = () => (calls++, down());
    for (let i = 0; i < 3; i++) await expect(breaker.execute(failing)).rejects.toMatchObject({ code: 'integrations.http.server_error' });
    // Open: the service is not called at all.
    await expect(breaker.execute(failing)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(calls).toBe(3);

    await sleep(80);
    // Half-open: one probe reaches the service; it fails, so the circuit opens again at once.
    await expect(breaker.execute(failing)).rejects.toMatchObject({ code: 'integrations.http.server_error' });
    expect(calls).toBe(4);
    await expect(breaker.execute(failing)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(calls).toBe(4);

    await sleep(80);
    // A successful probe closes it: calls flow again.
    expect(await breaker.execute(async () => 'up')).toBe('up');
    expect(await breaker.execute(async () => 'still up')).toBe('still up');
  });

  it('does not count answers that say nothing about the service being down (404, 429)', async () => {
    const breaker = createBreaker({ failures: 2, halfOpenAfterMs: 60_000 });
    const notFound = () => Promise.reject(integrationError('integrations.http.not_found', 'no such item', { service: 'acme', upstreamStatus: 404 }));
    for (let i = 0; i < 5; i++) await expect(breaker.execute(notFound)).rejects.toMatchObject({ code: 'integrations.http.not_found' });
    expect(await breaker.execute(async () => 'ok')).toBe('ok');
  });
});
