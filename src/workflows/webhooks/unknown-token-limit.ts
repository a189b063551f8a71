import type { Redis } from 'ioredis';
import { AppError } from '../../platform/index.js';

/**
 * A per-IP limit on requests naming a webhook token that does not exist (token guessing). The route's own
 * limit is per token, so every guess would open a fresh bucket.
 *
 * Only misses are counted, after the look-up that already happens, so a valid delivery pays nothing extra:
 * the check on entry reads an in-process map of addresses already over the limit (no database query, no
 * Redis round trip). Once an address is over it, every request from it is refused until the window ends,
 * known tokens included; otherwise a 202 among the 429s would tell the prober it guessed right. In queue
 * mode the count is kept in Redis, so API processes share it; each process learns of a block at that
 * address's next miss there.
 */
export interface UnknownTokenLimiter {
  /** Seconds to wait when the address is over the limit, else undefined. Synchronous and in memory. */
  blockedFor(ip: string): number | undefined;
  /** Counts a miss; seconds to wait when this miss put the address over the limit. */
  recordMiss(ip: string): Promise<number | undefined>;
}

const WINDOW_MS = 60_000;
/** Bounds the in-process maps under a flood from many addresses (oldest entries go first). */
const MAX_TRACKED = 10_000;

export function createUnknownTokenLimiter(options: { perMinute: number; redis?: Redis | undefined; prefix: string; now?: () => number }): UnknownTokenLimiter {
  const now = options.now ?? Date.now;
  const blocked = new Map<string, number>();
  const local = new Map<string, { count: number; resetAt: number }>();

  const trim = <V>(map: Map<string, V>) => {
    while (map.size > MAX_TRACKED) map.delete(map.keys().next().value as string);
  };
  const block = (ip: string, ms: number): number => {
    blocked.set(ip, now() + ms);
    trim(blocked);
    return Math.max(1, Math.ceil(ms / 1000));
  };

  async function countInRedis(redis: Redis, ip: string): Promise<{ count: number; ttlMs: number }> {
    const key = `${options.prefix}:hook-miss:${ip}`;
    const replies = await redis.multi().incr(key).pttl(key).exec();
    const count = Number(replies?.[0]?.[1]);
    const ttl = Number(replies?.[1]?.[1]);
    if (!Number.isFinite(count)) throw new Error('redis answered no count');
    if (!(ttl > 0)) {
      await redis.pexpire(key, WINDOW_MS);
      return { count, ttlMs: WINDOW_MS };
    }
    return { count, ttlMs: ttl };
  }

  function countLocally(ip: string): { count: number; ttlMs: number } {
    const at = now();
    let entry = local.get(ip);
    if (!entry || entry.resetAt <= at) {
      local.delete(ip);
      entry = { count: 0, resetAt: at + WINDOW_MS };
      local.set(ip, entry);
      trim(local);
    }
    entry.count += 1;
    return { count: entry.count, ttlMs: entry.resetAt - at };
  }

  return {
    blockedFor(ip) {
      const until = blocked.get(ip);
      if (until === undefined) return undefined;
      const left = until - now();
      if (left > 0) return Math.ceil(left / 1000);
      blocked.delete(ip);
      return undefined;
    },
    async recordMiss(ip) {
      // A broken Redis must not take webhooks down with it: count in this process instead.
      const { count, ttlMs } = options.redis ? await countInRedis(options.redis, ip).catch(() => countLocally(ip)) : countLocally(ip);
      return count > options.perMinute ? block(ip, ttlMs) : undefined;
    },
  };
}

export const tooManyUnknownTokens = (retryAfter: number) =>
  new AppError('workflows.webhook.too_many_unknown_tokens', `Too many requests for unknown webhooks from this address. Try again in ${retryAfter} s.`, {
    status: 429,
    extensions: { retryAfter },
  });
