import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../../test/support/postgres.js';
import { createMemoryPresence, createRedisPresence, type PresenceStore } from './presence-repository.js';

const prefix = `rtpres_${process.pid}_${Date.now().toString(36)}`;
const redis = new Redis(testRedisUrl(), { lazyConnect: true });
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe.each([
  ['memory', (now: () => number) => createMemoryPresence(now)],
  ['redis', (now: () => number) => createRedisPresence(redis, prefix, now)],
] as [string, (now: () => number) => PresenceStore][])('presence store (%s)', (name, make) => {
  it('tracks tabs per resource, reports changes, expires silent tabs and leaves a closed tab everywhere', async () => {
    let clock = 1_000_000;
    const store = make(() => clock);
    const ws = `ws-${name}`;
    const wf = { kind: 'workflow', id: 'wf1' };
    const run = { kind: 'run', id: 'run1' };
    const entry = (userId: string, tab: string, state: 'viewing' | 'editing' = 'viewing') => ({ userId, tab, state, expiresAt: clock + 15_000 });

    expect((await store.beat(ws, wf, entry('u1', 't1'))).changed).toBe(true);
    expect((await store.beat(ws, wf, entry('u1', 't1'))).changed).toBe(false);
    expect((await store.beat(ws, wf, entry('u1', 't1', 'editing'))).changed).toBe(true);
    await store.beat(ws, run, entry('u1', 't1'));
    const both = await store.beat(ws, wf, entry('u2', 't2'));
    expect(both.entries.map((e) => e.userId).sort()).toEqual(['u1', 'u2']);

    // u2 goes silent: after the TTL the next beat of someone else drops them and says so.
    clock += 10_000;
    await store.beat(ws, wf, entry('u1', 't1', 'editing'));
    clock += 6_000;
    const later = await store.beat(ws, wf, entry('u1', 't1', 'editing'));
    expect(later.changed).toBe(true);
    expect(later.entries.map((e) => e.userId)).toEqual(['u1']);

    // u1's tab closes: it leaves both resources.
    await store.beat(ws, run, entry('u1', 't1'));
    const left = await store.leaveTab(ws, 'u1', 't1');
    expect(left.map((c) => c.resource.kind).sort()).toEqual(['run', 'workflow']);
    expect(left.every((c) => c.changed && c.entries.length === 0)).toBe(true);
    expect(await store.list(ws, wf)).toEqual([]);
  });
});
