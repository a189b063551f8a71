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
 * Numbers, buffers and fans out one event in one round trip: INCR gives the id, the id goes first into the
 * event's JSON (the caller's text starts `{` and never has one), the capped sorted set (score = id) is the
 * replay buffer, and PUBLISH sends the same text. Written before the PUBLISH, so a stream that sees a gap
 * can fill it. (As INCR and then MULTI, an event cost two round trips and seven commands: with a 5-step run
 * publishing seven events, that was a queue-mode worker's largest item after its database writes.)
 */
const publishScript = `
local id = redis.call('INCR', KEYS[1])
local text = '{"id":' .. string.format('%d', id) .. ',' .. string.sub(ARGV[1], 2)
redis.call('ZADD', KEYS[2], id, text)
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[2]) + 1))
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('PUBLISH', ARGV[4], text)
return id`;
type PublishCommand = (seqKey: string, bufKey: string, json: string, replaySize: number, ttlSeconds: number, channel: string) => Promise<number>;

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
  const publishOnce = (redis as unknown as { atomRealtimePublish: PublishCommand }).atomRealtimePublish.bind(redis);
  const listeners = new Set<EventListener>();
  let subscriber: Redis | undefined;

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
      const id = await publishOnce(seqKey(event.workspaceId), bufKey(event.workspaceId), JSON.stringify(unnumbered), replaySize, BUFFER_TTL_SECONDS, channel);
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
