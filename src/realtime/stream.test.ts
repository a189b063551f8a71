import { describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logging/index.js';
import type { EventBus, EventListener } from './bus.js';
import type { RealtimeEvent } from './schema.js';
import { openEventStream } from './stream.js';

const logger = createLogger({ level: 'silent', pretty: 'false' });
const ev = (id: number, extra: Partial<RealtimeEvent> = {}): RealtimeEvent => ({
  id,
  workspaceId: 'ws',
  type: 'test.event',
  resource: { kind: 'test', id: String(id) },
  audience: 'workspace',
  data: {},
  at: '2026-11-26T00:00:00.000Z',
  ...extra,
});

/** A bus whose live delivery and buffer the test controls (as if publishers raced each other). */
function scriptedBus(buffer: RealtimeEvent[] = []) {
  let listener: EventListener | undefined;
  const bus: EventBus = {
    backend: 'redis',
    publish: () => Promise.reject(new Error('not used')),
    subscribe: (l) => {
      listener = l;
      return () => (listener = undefined);
    },
    replay: (_ws, after) => Promise.resolve({ events: buffer.filter((e) => e.id > after), oldestId: buffer[0]?.id, lastId: buffer.at(-1)?.id ?? 0 }),
    close: () => Promise.resolve(),
  };
  return { bus, buffer, deliver: (e: RealtimeEvent) => listener?.(e) };
}

const subscriber = { userId: 'u1', workspaceId: 'ws', role: 'member', permissions: new Set(['workflows:read']) };

describe('event stream ordering', () => {
  it('holds an event that overtook an earlier one, fills the gap from the buffer, and skips an id never stored', async () => {
    const { bus, buffer, deliver } = scriptedBus([ev(1)]);
    const sent: number[] = [];
    const stream = await openEventStream({ bus, subscriber, lastEventId: 1, logger, sink: { send: (f) => f.event === 'message' && sent.push(f.id!) } });

    // 3 arrives before 2, then 2: sent as 2, 3.
    deliver(ev(3));
    expect(sent).toEqual([]);
    deliver(ev(2));
    expect(sent).toEqual([2, 3]);

    // 5 arrives; 4 was stored but its PUBLISH is slow: the buffer read fills it.
    buffer.push(ev(2), ev(3), ev(4), ev(5));
    deliver(ev(5));
    await new Promise((r) => setTimeout(r, 400));
    expect(sent).toEqual([2, 3, 4, 5]);

    // 7 arrives; 6 was never stored (its publisher died after INCR): 7 goes out after about a second.
    deliver(ev(7));
    await new Promise((r) => setTimeout(r, 1500));
    expect(sent).toEqual([2, 3, 4, 5, 7]);
    expect(stream.cursor).toBe(7);
    stream.close();
  });

  it('advances past events the subscriber may not see without sending them', async () => {
    const { bus, deliver } = scriptedBus();
    const sent: number[] = [];
    const stream = await openEventStream({ bus, subscriber, lastEventId: undefined, logger, sink: { send: (f) => f.event === 'message' && sent.push(f.id!) } });
    deliver(ev(1, { permission: 'audit:read' }));
    deliver(ev(2, { audience: { userIds: ['someone-else'] } }));
    deliver(ev(3, { audience: 'admins' }));
    deliver(ev(4, { workspaceId: 'other-ws' }));
    deliver(ev(4, { audience: { userIds: ['u1'] } }));
    expect(sent).toEqual([4]);
    expect(stream.cursor).toBe(4);
    stream.close();
  });

  it('sends a targeted event without its audience or permission, so no recipient learns whom else it was for', async () => {
    const { bus, deliver } = scriptedBus();
    const frames: unknown[] = [];
    const stream = await openEventStream({ bus, subscriber, lastEventId: undefined, logger, sink: { send: (f) => f.event === 'message' && frames.push(f.data) } });
    deliver(ev(1, { audience: { userIds: ['u1', 'colleague-7', 'colleague-9'] }, permission: 'workflows:read', data: { note: 'hi' } }));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ id: 1, type: 'test.event', data: { note: 'hi' } });
    expect(frames[0]).not.toHaveProperty('audience');
    expect(frames[0]).not.toHaveProperty('permission');
    expect(JSON.stringify(frames[0])).not.toContain('colleague-7');
    stream.close();
  });

  it('asks for a resync when the buffer no longer holds what the client missed', async () => {
    const { bus } = scriptedBus([ev(50), ev(51)]);
    const frames: string[] = [];
    const stream = await openEventStream({ bus, subscriber, lastEventId: 10, logger, sink: { send: (f) => frames.push(f.event) } });
    expect(frames).toEqual(['resync', 'ready']);
    expect(stream.cursor).toBe(51);
    stream.close();
  });
});
