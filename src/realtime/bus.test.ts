import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../../test/support/postgres.js';
import { createLogger } from '../platform/logging/index.js';
import { createMemoryBus, type EventBus, type UnnumberedEvent } from './bus.js';
import { createRedisBus } from './redis-bus.js';
import type { RealtimeEvent } from './schema.js';

const prefix = `rtbus_${process.pid}_${Date.now().toString(36)}`;
const redis = new Redis(testRedisUrl(), { lazyConnect: true });
const logger = createLogger({ level: 'silent', pretty: 'false' });

const event = (workspaceId: string, n: number): UnnumberedEvent => ({
  workspaceId,
  type: 'test.event',
  resource: { kind: 'test', id: String(n) },
  audience: 'workspace',
  data: { n },
  at: new Date().toISOString(),
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

// One contract, both backends: the stream code relies on exactly this.
describe.each([
  ['memory', () => createMemoryBus(5)],
  ['redis', () => createRedisBus(redis, { prefix, replaySize: 5, logger })],
] as [string, () => EventBus][])('event bus (%s)', (_name, make) => {
  it('numbers events per workspace, fans them out in order and keeps the last N for replay', async () => {
    const bus = make();
    const received: RealtimeEvent[] = [];
    bus.subscribe((e) => received.push(e));
    // Redis subscribes asynchronously: wait until a probe comes through.
    for (let i = 0; received.length === 0 && i < 50; i++) {
      await bus.publish(event('ws-probe', 0));
      await new Promise((r) => setTimeout(r, 20));
    }
    received.length = 0;
    const ws = `ws-${_name}`;
    const ids: number[] = [];
    for (let n = 1; n <= 7; n++) ids.push((await bus.publish(event(ws, n))).id);
    const other = await bus.publish(event(`${ws}-other`, 1));
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(other.id).toBe(1);
    for (let i = 0; received.length < 8 && i < 100; i++) await new Promise((r) => setTimeout(r, 10));
    expect(received.filter((e) => e.workspaceId === ws).map((e) => e.id)).toEqual(ids);

    const r = await bus.replay(ws, 4);
    expect(r.events.map((e) => e.data['n'])).toEqual([5, 6, 7]);
    expect(r.oldestId).toBe(3);
    expect(r.lastId).toBe(7);
    const none = await bus.replay('ws-never', 0);
    expect(none).toEqual({ events: [], oldestId: undefined, lastId: 0 });
    await bus.close();
  });
});

describe('Redis bus on a connection not yet open', () => {
  it('numbers a burst of first publishes without losing one', async () => {
    // As a worker's shared connection starts: lazy, no offline queue.
    const lazy = new Redis(testRedisUrl(), { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    const bus = createRedisBus(lazy, { prefix: `${prefix}_lazy`, replaySize: 50, logger });
    const ids = await Promise.all(Array.from({ length: 10 }, (_, n) => bus.publish(event('ws-burst', n)).then((e) => e.id)));
    expect(ids.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await bus.close();
    const keys = await lazy.keys(`${prefix}_lazy:*`);
    if (keys.length) await lazy.del(...keys);
    await lazy.quit();
  });
});

describe('Redis bus publishing through its script', () => {
  it('publishes after Redis forgot the script, and every copy of an event carries its id and nothing of a caller\'s', async () => {
    const bus = createRedisBus(redis, { prefix: `${prefix}_script`, replaySize: 50, logger });
    const first = await bus.publish(event('ws-script', 1));
    // A restarted or failed-over Redis has no scripts loaded: the next publish must load it again.
    await redis.script('FLUSH');
    // An id smuggled in by a caller is not the event's id (the counter's is).
    const second = await bus.publish({ ...event('ws-script', 2), id: 999 } as UnnumberedEvent);
    expect([first.id, second.id]).toEqual([1, 2]);
    const stored = await bus.replay('ws-script', 0);
    expect(stored.events.map((e) => [e.id, e.data['n']])).toEqual([[1, 1], [2, 2]]);
    expect(stored.lastId).toBe(2);
    await bus.close();
    const keys = await redis.keys(`${prefix}_script:*`);
    if (keys.length) await redis.del(...keys);
  });
});

describe('Redis bus under a burst', () => {
  it('numbers events published together in the order they were published, per workspace, past one script call', async () => {
    const bus = createRedisBus(redis, { prefix: `${prefix}_burst`, replaySize: 1000, logger });
    // 600 events of one workspace interleaved with 300 of another, all in one turn of the event loop.
    const published = await Promise.all(Array.from({ length: 900 }, (_, n) => bus.publish(event(n % 3 === 2 ? 'ws-b' : 'ws-a', n))));
    const idsOf = (ws: string) => published.filter((e) => e.workspaceId === ws).map((e) => e.id);
    expect(idsOf('ws-a')).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(idsOf('ws-b')).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const stored = await bus.replay('ws-a', 0);
    expect(stored.events.map((e) => e.data['n'])).toEqual(published.filter((e) => e.workspaceId === 'ws-a').map((e) => e.data['n']));
    expect(stored.lastId).toBe(600);
    await bus.close();
    const keys = await redis.keys(`${prefix}_burst:*`);
    if (keys.length) await redis.del(...keys);
  });
});
