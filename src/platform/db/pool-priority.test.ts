import { describe, expect, it } from 'vitest';
import { poolTimeout } from './database.js';
import { createPriorityGate, dbPriorities } from './pool-priority.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createPriorityGate', () => {
  it('hands out up to max at once, then serves a search before earlier chat and webhook waiters', async () => {
    const gate = createPriorityGate(2, 5000, 50);
    await gate.acquire(dbPriorities.bulk);
    await gate.acquire(dbPriorities.bulk);
    const order: string[] = [];
    const wait = (name: string, p: (typeof dbPriorities)[keyof typeof dbPriorities]) => gate.acquire(p).then(() => order.push(name));
    const waits = [wait('webhook', dbPriorities.bulk), wait('chat', dbPriorities.normal), wait('search', dbPriorities.interactive)];
    expect(gate.stats()).toEqual({ inUse: 2, waiting: 3 });
    for (let i = 0; i < 3; i++) {
      gate.release();
      await tick();
    }
    await Promise.all(waits);
    expect(order).toEqual(['search', 'chat', 'webhook']);
    gate.release();
    gate.release();
    expect(gate.stats()).toEqual({ inUse: 0, waiting: 0 });
  });

  it('never starves a low level: a webhook that has waited longer than its head start goes first', async () => {
    const gate = createPriorityGate(1, 5000, 10);
    await gate.acquire(dbPriorities.normal);
    const order: string[] = [];
    const webhook = gate.acquire(dbPriorities.bulk).then(() => order.push('webhook'));
    // 3 levels × 10 ms is the most a search can jump ahead; this webhook has waited longer than that.
    await new Promise((r) => setTimeout(r, 60));
    const search = gate.acquire(dbPriorities.interactive).then(() => order.push('search'));
    gate.release();
    await tick();
    gate.release();
    await Promise.all([webhook, search]);
    expect(order).toEqual(['webhook', 'search']);
  });

  it('gives up after the acquire timeout with the error the API answers 503 for, and keeps its count right', async () => {
    const gate = createPriorityGate(1, 30);
    await gate.acquire(dbPriorities.normal);
    const err = await gate.acquire(dbPriorities.interactive).catch((e: unknown) => e);
    expect(poolTimeout(err)?.status).toBe(503);
    expect(gate.stats()).toEqual({ inUse: 1, waiting: 0 });
    gate.release();
    expect(gate.stats()).toEqual({ inUse: 0, waiting: 0 });
    await gate.acquire(dbPriorities.bulk);
    expect(gate.stats().inUse).toBe(1);
  });
});
