import type { Logger } from '../platform/index.js';
import type { Redis } from '../platform/redis/index.js';
import type { EventBus, EventListener, UnnumberedEvent } from './bus.js';
import { realtimeEventSchema, type RealtimeEvent } from './schema.js';

const BUFFER_TTL_SECONDS = 24 * 3600;

/**
 * Resolves once the shared connection can take commands (it is lazy and has no offline queue), or after
 * `timeoutMs`: concurrent first publishes all wait for the one connect instead of failing.
 */
export async function redisReady(redis: Redis, timeoutMs = 2000): Promise<void> {
  if (redis.status === 'ready') return;
  if (redis.status === 'wait') void redis.connect().catch(() => undefined);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    }
    redis.once('ready', done);
  });
}

/**
 * Numbers, buffers and fans out a workspace's events in one round trip: INCRBY reserves their ids, each id
 * goes first into its event's JSON (the caller's text starts `{` and never has one), the capped sorted set
 * (score = id) is the replay buffer, and PUBLISH sends the same text, each after its buffer entry, so a
 * stream that sees a gap can fill it. (As INCR and then MULTI, an event cost two round trips and seven
 * commands: a 5-step run published seven, a queue-mode worker's largest item after its database writes.)
 */
const publishScript = `
local n = #ARGV - 3
local first = redis.call('INCRBY', KEYS[1], n) - n
local ids = {}
for i = 1, n do
  local id = first + i
  local text = '{"id":' .. string.format('%d', id) .. ',' .. string.sub(ARGV[i + 3], 2)
  redis.call('ZADD', KEYS[2], id, text)
  redis.call('PUBLISH', ARGV[3], text)
  ids[i] = id
end
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[1]) + 1))
redis.call('EXPIRE', KEYS[2], ARGV[2])
return ids`;
type PublishCommand = (seqKey: string, bufKey: string, replaySize: number, ttlSeconds: number, channel: string, ...json: string[]) => Promise<number[]>;
// Events of one workspace sent in one script call at most (a flood is split, so no call blocks Redis long).
const MAX_BATCH = 256;

/**
 * Queue mode: a counter per workspace gives its events their ids across every process, a capped sorted
 * set is the replay buffer, and one pub/sub channel fans events out to every API process.
 */
export function createRedisBus(redis: Redis, options: { prefix: string; replaySize: number; logger: Logger }): EventBus {
  const { prefix, replaySize, logger } = options;
  const channel = `${prefix}:rt:events`;
  const seqKey = (ws: string) => `${prefix}:rt:seq:${ws}`;
  const bufKey = (ws: string) => `${prefix}:rt:buf:${ws}`;
  // EVALSHA, falling back to EVAL once if the server does not know the script (ioredis does both).
  if (!('atomRealtimePublish' in redis)) redis.defineCommand('atomRealtimePublish', { numberOfKeys: 2, lua: publishScript });
  const publishMany = (redis as unknown as { atomRealtimePublish: PublishCommand }).atomRealtimePublish.bind(redis);
  const listeners = new Set<EventListener>();
  let subscriber: Redis | undefined;

  // Events published within one turn of the event loop (a run's steps journaled together, concurrent runs)
  // leave together: one script call per workspace, ids in the order they were published.
  type Waiting = { json: string; resolve: (id: number) => void; reject: (err: unknown) => void };
  let waiting: Map<string, Waiting[]> | undefined;
  const sendWaiting = () => {
    const batch = waiting;
    waiting = undefined;
    for (const [workspaceId, list] of batch ?? []) {
      for (let i = 0; i < list.length; i += MAX_BATCH) {
        const part = list.slice(i, i + MAX_BATCH);
        publishMany(seqKey(workspaceId), bufKey(workspaceId), replaySize, BUFFER_TTL_SECONDS, channel, ...part.map((w) => w.json)).then(
          (ids) => part.forEach((w, k) => w.resolve(Number(ids[k]))),
          (err: unknown) => part.forEach((w) => w.reject(err)),
        );
      }
    }
  };

  const ready = () => redisReady(redis);
  const parse = (text: string): RealtimeEvent | undefined => {
    try {
      return realtimeEventSchema.parse(JSON.parse(text));
    } catch (err) {
      logger.warn({ err }, 'realtime: ignored a malformed event from Redis');
      return undefined;
    }
  };

  function ensureSubscriber() {
    if (subscriber) return;
    // Subscribed connections cannot run other commands; this one also queues while reconnecting and
    // resubscribes by itself.
    const sub = redis.duplicate({ lazyConnect: false, enableOfflineQueue: true, maxRetriesPerRequest: null, connectionName: 'atom-realtime' });
    subscriber = sub;
    sub.on('error', () => undefined);
    sub.on('message', (_channel: string, text: string) => {
      const event = parse(text);
      if (event) for (const l of listeners) l(event);
    });
    void sub.subscribe(channel).catch((err: unknown) => logger.warn({ err }, 'realtime: Redis subscribe failed'));
  }

  return {
    backend: 'redis',
    async publish(event) {
      await ready();
      const { id: _none, ...unnumbered } = event as UnnumberedEvent & { id?: unknown };
      const id = await new Promise<number>((resolve, reject) => {
        if (!waiting) {
          waiting = new Map();
          setImmediate(sendWaiting);
        }
        const list = waiting.get(event.workspaceId) ?? [];
        if (list.length === 0) waiting.set(event.workspaceId, list);
        list.push({ json: JSON.stringify(unnumbered), resolve, reject });
      });
      const numbered: RealtimeEvent = { ...unnumbered, id };
      return numbered;
    },
    subscribe(listener) {
      ensureSubscriber();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async replay(workspaceId, afterId) {
      await ready();
      const [texts, oldest, last] = await Promise.all([
        redis.zrangebyscore(bufKey(workspaceId), `(${afterId}`, '+inf'),
        redis.zrange(bufKey(workspaceId), 0, '0'),
        redis.get(seqKey(workspaceId)),
      ]);
      const events = texts.map(parse).filter((e): e is RealtimeEvent => e !== undefined);
      const first = oldest[0] !== undefined ? parse(oldest[0]) : undefined;
      return { events, oldestId: first?.id, lastId: Number(last ?? 0) };
    },
    async close() {
      listeners.clear();
      const sub = subscriber;
      subscriber = undefined;
      // QUIT waits for a connection that may never come (Redis down): only a ready one is asked politely.
      if (sub) await (sub.status === 'ready' ? sub.quit().catch(() => sub.disconnect()) : Promise.resolve(sub.disconnect()));
    },
  };
}
