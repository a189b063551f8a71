import { Redis } from 'ioredis';
import type { Logger } from '../logging/index.js';

/**
 * A Redis connection for queue mode. Commands fail fast while Redis is down (no unbounded offline queue),
 * and the client keeps reconnecting in the background.
 */
export function connectRedis(url: string, logger: Logger, name = 'atom'): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: name,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  });
  let warned = false;
  redis.on('error', (err) => {
    if (!warned) logger.warn({ err: { message: err.message } }, 'Redis connection error; retrying');
    warned = true;
  });
  redis.on('ready', () => {
    warned = false;
  });
  return redis;
}

/** Resolves once Redis answers PING, or throws after `timeoutMs`. */
export async function pingRedis(redis: Redis, timeoutMs = 2000): Promise<void> {
  if (redis.status === 'wait' || redis.status === 'end') await redis.connect().catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
