import { Redis } from 'ioredis';
import { z } from 'zod';
import { defineService, hostField, portField, type Fault, type ServiceCallContext } from '../kit/index.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

const settings = z.object({
  host: hostField,
  port: portField(6379),
  /** Redis 6 ACL user; empty for the default user. */
  username: z.string().max(256).default(''),
  password: z.string().max(1024).default(''),
  db: z.coerce.number().int().min(0).max(255).default(0),
  tls: z.enum(['off', 'require', 'verify']).default('off'),
  /** Put before every key and channel this connection touches, so a workflow stays within its own namespace. */
  keyPrefix: z.string().max(200).default(''),
});
type Settings = z.output<typeof settings>;

/** Redis error replies (redis.io/docs/latest/develop/reference/protocol-spec, "Simple errors"): the first word is the kind. */
function fault(err: unknown): Fault | undefined {
  if (!(err instanceof Error) || err.name !== 'ReplyError') return undefined;
  const kind = err.message.split(' ')[0] ?? '';
  if (kind === 'WRONGPASS' || kind === 'NOAUTH') return { code: 'integrations.http.unauthorized', message: err.message };
  if (kind === 'NOPERM') return { code: 'integrations.http.forbidden', message: err.message };
  if (kind === 'LOADING' || kind === 'BUSY' || kind === 'MASTERDOWN' || kind === 'TRYAGAIN') return { code: 'integrations.http.unavailable', message: err.message };
  return { code: 'integrations.http.bad_request', message: err.message };
}

async function withRedis<T>(ctx: ServiceCallContext<Settings>, fn: (r: Redis, key: (k: string) => string) => Promise<T>): Promise<T> {
  const s = ctx.settings;
  const address = await ctx.resolveHost(s.host);
  const redis = new Redis({
    host: address,
    port: s.port,
    ...(s.username ? { username: s.username } : {}),
    ...(s.password ? { password: s.password } : {}),
    db: s.db,
    ...(s.tls === 'off' ? {} : { tls: { rejectUnauthorized: s.tls === 'verify', servername: s.host } }),
    lazyConnect: true,
    connectTimeout: 10_000,
    commandTimeout: 30_000,
    // One attempt: the workflow engine owns retries (with backoff and the step's retry policy).
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  const abort = () => redis.disconnect();
  ctx.signal.addEventListener('abort', abort, { once: true });
  try {
    await redis.connect();
    return await fn(redis, (k) => `${s.keyPrefix}${k}`);
  } finally {
    ctx.signal.removeEventListener('abort', abort);
    await redis.quit().catch(() => redis.disconnect());
  }
}

const redisService = defineService({
  id: 'redis',
  name: 'Redis',
  settings,
  label: (s) => `${s.username || 'default'}@${s.host}:${s.port}/${s.db}${s.keyPrefix ? ` (${s.keyPrefix}*)` : ''}`,
  async check(ctx) {
    await withRedis(ctx, (r) => r.ping());
  },
  fault,
});

const key = z.string().min(1).max(1024);

export const get = redisService.operation({
  id: 'redis.get',
  title: 'Get a value',
  description: "Reads a string key's value (null when it does not exist).",
  aiDescription: 'Use to read one string value from Redis by key. The connection\'s key prefix is added for you.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ key }),
  output: z.object({ key: z.string(), value: z.string().nullable() }),
  async run(ctx, input) {
    return withRedis(ctx, async (r, k) => ({ key: input.key, value: await r.get(k(input.key)) }));
  },
});

export const set = redisService.operation({
  id: 'redis.set',
  title: 'Set a value',
  description: 'Sets a string key, optionally with an expiry and only if it does not exist yet.',
  aiDescription: 'Use to store one string value in Redis under a key, with ttlSeconds for an expiry; onlyIfAbsent makes it a lock or first-writer-wins marker (written: false when the key existed).',
  idempotent: true,
  sideEffect: true,
  input: z.object({ key, value: z.string().max(512 * 1024), ttlSeconds: z.number().int().min(1).max(365 * 86_400).optional(), onlyIfAbsent: z.boolean().default(false) }),
  output: z.object({ key: z.string(), written: z.boolean() }),
  async run(ctx, input) {
    return withRedis(ctx, async (r, k) => {
      const name = k(input.key);
      let reply: string | null;
      if (input.ttlSeconds !== undefined && input.onlyIfAbsent) reply = await r.set(name, input.value, 'EX', input.ttlSeconds, 'NX');
      else if (input.ttlSeconds !== undefined) reply = await r.set(name, input.value, 'EX', input.ttlSeconds);
      else if (input.onlyIfAbsent) reply = await r.set(name, input.value, 'NX');
      else reply = await r.set(name, input.value);
      return { key: input.key, written: reply === 'OK' };
    });
  },
});

export const publish = redisService.operation({
  id: 'redis.publish',
  title: 'Publish a message',
  description: 'Publishes a message on a channel; returns how many subscribers received it.',
  aiDescription: 'Use to send a message to Redis pub/sub subscribers of a channel (the key prefix is added to the channel too).',
  idempotent: false,
  sideEffect: true,
  input: z.object({ channel: key, message: z.string().max(512 * 1024) }),
  output: z.object({ channel: z.string(), receivers: z.number() }),
  async run(ctx, input) {
    return withRedis(ctx, async (r, k) => ({ channel: input.channel, receivers: await r.publish(k(input.channel), input.message) }));
  },
});

const end = z.enum(['left', 'right']);

export const listPush = redisService.operation({
  id: 'redis.list_push',
  title: 'Push to a list',
  description: 'Adds values to the left (head) or right (tail) end of a list; returns its new length.',
  aiDescription: 'Use to append (end: right) or prepend (end: left) values to a Redis list, e.g. a work queue that another system pops.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ key, values: z.array(z.string().max(512 * 1024)).min(1).max(1000), end: end.default('right') }),
  output: z.object({ key: z.string(), length: z.number() }),
  async run(ctx, input) {
    return withRedis(ctx, async (r, k) => ({ key: input.key, length: input.end === 'left' ? await r.lpush(k(input.key), ...input.values) : await r.rpush(k(input.key), ...input.values) }));
  },
});

export const listPop = redisService.operation({
  id: 'redis.list_pop',
  title: 'Pop from a list',
  description: 'Removes and returns up to count values from the left (head) or right (tail) end of a list.',
  aiDescription: 'Use to take values off a Redis list (end: left takes the oldest of a right-pushed queue). Returns an empty list when there is nothing.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ key, end: end.default('left'), count: z.number().int().min(1).max(1000).default(1) }),
  output: z.object({ key: z.string(), values: z.array(z.string()) }),
  async run(ctx, input) {
    return withRedis(ctx, async (r, k) => {
      const got = input.end === 'left' ? await r.lpop(k(input.key), input.count) : await r.rpop(k(input.key), input.count);
      return { key: input.key, values: got ?? [] };
    });
  },
});

export const redisActions = [get, set, publish, listPush, listPop];

/** Redis, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const redisIntegration = defineIntegration({ catalog, kit: redisService, actions: redisActions });
