import type { Logger } from '../platform/index.js';
import type { EventBus } from './bus.js';
import { concernsMember } from './access-changes.js';
import type { RealtimeEvent } from './schema.js';
import { canSee, type Subscriber } from './visibility.js';

/** How long an event that arrived ahead of a missing id waits for it before the stream reads the buffer. */
const GAP_WAIT_MS = 250;
/** Buffer reads before a missing id is given up (its publisher died between numbering and storing it). */
const GAP_TRIES = 4;


/**
 * What a subscriber receives: the event without its routing (`audience`, `permission`), which decided
 * whether they see it at all. Forwarding the audience would tell every recipient of a targeted event
 * whom else it was meant for (user ids).
 */
export function forSubscriber(event: RealtimeEvent): Omit<RealtimeEvent, 'audience' | 'permission'> {
  const { audience: _audience, permission: _permission, ...visible } = event;
  return visible;
}

export interface StreamSink {
  /** One SSE frame: `event` name, optional `id`, JSON data. */
  send(frame: { event: string; id?: number; data: unknown }): void;
}

export interface EventStream {
  /** The id of the last event this stream has accounted for (delivered or not visible). */
  readonly cursor: number;
  setSubscriber(subscriber: Subscriber): void;
  close(): void;
}

/**
 * One subscriber's ordered view of a workspace's events: resumes after `lastEventId` from the replay
 * buffer, then forwards live events in id order. An event arriving ahead of a missing id is held while the
 * buffer is read for the gap (Redis publishers can overtake each other between INCR and PUBLISH), so the
 * ids a client sees have no holes the server could have filled.
 */
export async function openEventStream(input: {
  bus: EventBus;
  subscriber: Subscriber;
  lastEventId: number | undefined;
  sink: StreamSink;
  logger: Logger;
  /**
   * Re-checks the holder after an access change that concerns them: their rights now, or undefined when
   * the stream must end (the caller ends it). Later events wait for it, so none is judged by rights the
   * holder lost.
   */
  recheck?: () => Promise<Subscriber | undefined>;
}): Promise<EventStream> {
  const { bus, sink, logger } = input;
  let subscriber = input.subscriber;
  const workspaceId = subscriber.workspaceId;
  let cursor = 0;
  let live = false;
  let closed = false;
  const early: RealtimeEvent[] = [];
  const held = new Map<number, RealtimeEvent>();
  let gapTimer: NodeJS.Timeout | undefined;
  let gapTries = 0;

  let rechecking = false;
  const deliver = (event: RealtimeEvent) => {
    if (canSee(subscriber, event)) sink.send({ event: 'message', id: event.id, data: forSubscriber(event) });
    if (input.recheck && concernsMember(event, subscriber)) {
      rechecking = true;
      void input
        .recheck()
        .then((next) => {
          if (next) subscriber = next;
          else closed = true;
        })
        .catch((err: unknown) => {
          // Unsure who holds the stream: deliver nothing more.
          closed = true;
          logger.warn({ err }, 'realtime: access re-check failed');
        })
        .finally(() => {
          rechecking = false;
          if (!closed) drain();
        });
    }
  };
  const drain = () => {
    for (let next = held.get(cursor + 1); next && !rechecking && !closed; next = held.get(cursor + 1)) {
      held.delete(cursor + 1);
      cursor++;
      deliver(next);
    }
    if (rechecking) return;
    for (const id of held.keys()) if (id <= cursor) held.delete(id);
    if (held.size === 0) gapTries = 0;
    else if (!gapTimer) gapTimer = setTimeout(() => void fillGap(), GAP_WAIT_MS);
  };
  const accept = (event: RealtimeEvent) => {
    if (closed || event.workspaceId !== workspaceId || event.id <= cursor) return;
    held.set(event.id, event);
    drain();
  };
  async function fillGap() {
    gapTimer = undefined;
    if (closed || held.size === 0) return;
    try {
      const { events } = await bus.replay(workspaceId, cursor);
      for (const e of events) if (e.id > cursor && !held.has(e.id)) held.set(e.id, e);
    } catch (err) {
      logger.warn({ err }, 'realtime: replay read failed');
    }
    if (!held.has(cursor + 1) && ++gapTries >= GAP_TRIES) {
      // Never stored: skip to the next event we hold.
      cursor = Math.min(...held.keys()) - 1;
    }
    drain();
  }

  const unsubscribe = bus.subscribe((event) => {
    if (event.workspaceId !== workspaceId) return;
    if (live) accept(event);
    else early.push(event);
  });

  try {
    // Without a Last-Event-ID nothing is replayed; the read still tells the current last id.
    const { events, oldestId, lastId } = await bus.replay(workspaceId, input.lastEventId ?? Number.MAX_SAFE_INTEGER);
    if (input.lastEventId === undefined) {
      cursor = lastId;
    } else if (input.lastEventId > lastId || (oldestId !== undefined && oldestId > input.lastEventId + 1) || (oldestId === undefined && lastId > input.lastEventId)) {
      // The buffer no longer holds what the client missed (or ids were reset): it must refetch.
      cursor = lastId;
      sink.send({ event: 'resync', data: { lastId } });
    } else {
      cursor = input.lastEventId;
      for (const e of events) held.set(e.id, e);
    }
  } catch (err) {
    unsubscribe();
    throw err;
  }
  live = true;
  sink.send({ event: 'ready', id: cursor, data: { lastId: cursor } });
  for (const e of early.splice(0)) if (e.id > cursor) held.set(e.id, e);
  drain();

  return {
    get cursor() {
      return cursor;
    },
    setSubscriber(next) {
      subscriber = next;
    },
    close() {
      closed = true;
      unsubscribe();
      clearTimeout(gapTimer);
    },
  };
}

