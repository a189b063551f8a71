import { describe, expect, it } from 'vitest';
import { createSearchGate } from './gate.js';

describe('memory search gate', () => {
  it('runs at most N at once, queues M, refuses the rest with 429 + Retry-After, and frees its slots', async () => {
    const gate = createSearchGate({ concurrency: 2, queue: 3 });
    let active = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const job = () =>
      gate.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((r) => release.push(r));
        active--;
        return 'ok';
      });
    const accepted = Array.from({ length: 5 }, job);
    await expect(job()).rejects.toMatchObject({ code: 'memory.search.busy', status: 429, extensions: { retryAfter: 1 } });
    expect(gate.stats()).toEqual({ running: 2, waiting: 3, refused: 1 });
    while (release.length || gate.stats().running) {
      release.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(await Promise.all(accepted)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(peak).toBe(2);
    expect(gate.stats()).toEqual({ running: 0, waiting: 0, refused: 1 });
  });

  it('drops a queued search whose client has gone, without running it', async () => {
    const gate = createSearchGate({ concurrency: 1, queue: 1 });
    let finish!: () => void;
    const first = gate.run(() => new Promise<string>((r) => (finish = () => r('first'))));
    let ran = false;
    const second = gate.run(async () => void (ran = true), () => true);
    finish();
    expect(await first).toBe('first');
    await expect(second).rejects.toMatchObject({ status: 499 });
    expect(ran).toBe(false);
    expect(gate.stats().running).toBe(0);
  });
});
