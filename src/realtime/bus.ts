import type { RealtimeEvent } from './schema.js';

export type EventListener = (event: RealtimeEvent) => void;
/** Event as published: the bus gives it its id. */
export type UnnumberedEvent = Omit<RealtimeEvent, 'id'>;

/**
 * One interface, two backends: in-process (embedded) and Redis pub/sub (queue mode). Ids increase by one
 * per workspace; the last `replaySize` events of each workspace are kept for resuming streams.
 */
export interface EventBus {
  readonly backend: 'memory' | 'redis';
  /** Numbers, stores and fans the event out to every subscriber of every process. */
  publish(event: UnnumberedEvent): Promise<RealtimeEvent>;
  /** Every event of every workspace delivered to this process, in arrival order. */
  subscribe(listener: EventListener): () => void;
  /** Buffered events of a workspace with id > afterId (ascending), and the oldest id still buffered. */
  replay(workspaceId: string, afterId: number): Promise<{ events: RealtimeEvent[]; oldestId: number | undefined; lastId: number }>;
  close(): Promise<void>;
}

/** Embedded mode: one process, so a counter and a ring per workspace are the whole story. */
export function createMemoryBus(replaySize: number): EventBus {
  const listeners = new Set<EventListener>();
  const rings = new Map<string, { last: number; events: RealtimeEvent[] }>();
  return {
    backend: 'memory',
    publish(event) {
      let ring = rings.get(event.workspaceId);
      if (!ring) rings.set(event.workspaceId, (ring = { last: 0, events: [] }));
      const numbered: RealtimeEvent = { ...event, id: ++ring.last };
      ring.events.push(numbered);
      if (ring.events.length > replaySize) ring.events.splice(0, ring.events.length - replaySize);
      for (const l of listeners) l(numbered);
      return Promise.resolve(numbered);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    replay(workspaceId, afterId) {
      const ring = rings.get(workspaceId);
      if (!ring) return Promise.resolve({ events: [], oldestId: undefined, lastId: 0 });
      return Promise.resolve({ events: ring.events.filter((e) => e.id > afterId), oldestId: ring.events[0]?.id, lastId: ring.last });
    },
    close() {
      listeners.clear();
      return Promise.resolve();
    },
  };
}
