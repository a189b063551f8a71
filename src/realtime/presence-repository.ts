import { z } from 'zod';
import { parseJsonColumn } from '../platform/index.js';
import type { Redis } from '../platform/redis/index.js';
import { redisReady } from './redis-bus.js';
import type { EventResource } from './schema.js';

export const presenceEntrySchema = z.object({
  userId: z.string(),
  /** A browser tab (one person may have the same page open twice). */
  tab: z.string(),
  state: z.enum(['viewing', 'editing']),
  expiresAt: z.number(),
});
export type PresenceEntry = z.infer<typeof presenceEntrySchema>;
export type PresenceState = PresenceEntry['state'];

export interface PresenceChange {
  resource: EventResource;
  entries: PresenceEntry[];
  /** Someone arrived, left, expired or changed state: worth telling the others. */
  changed: boolean;
}

/** Who is on which resource, per tab, each entry expiring unless renewed (memory or Redis). */
export interface PresenceStore {
  beat(workspaceId: string, resource: EventResource, entry: PresenceEntry): Promise<PresenceChange>;
  leave(workspaceId: string, resource: EventResource, userId: string, tab: string): Promise<PresenceChange>;
  /** Every resource a tab was on (its stream closed). */
  leaveTab(workspaceId: string, userId: string, tab: string): Promise<PresenceChange[]>;
  list(workspaceId: string, resource: EventResource): Promise<PresenceEntry[]>;
}

const field = (userId: string, tab: string) => `${userId}|${tab}`;
const resourceKey = (r: EventResource) => `${r.kind}:${r.id}`;
const parseResourceKey = (k: string): EventResource => {
  const i = k.indexOf(':');
  return { kind: k.slice(0, i), id: k.slice(i + 1) };
};

export function createMemoryPresence(now: () => number = Date.now): PresenceStore {
  const rooms = new Map<string, Map<string, PresenceEntry>>();
  const tabs = new Map<string, Set<string>>();
  const room = (ws: string, r: EventResource) => {
    const k = `${ws}|${resourceKey(r)}`;
    let m = rooms.get(k);
    if (!m) rooms.set(k, (m = new Map()));
    return m;
  };
  const prune = (m: Map<string, PresenceEntry>) => {
    let removed = false;
    for (const [f, e] of m) if (e.expiresAt <= now()) removed = m.delete(f) || removed;
    return removed;
  };
  const store: PresenceStore = {
    beat(ws, resource, entry) {
      const m = room(ws, resource);
      let changed = prune(m);
      const before = m.get(field(entry.userId, entry.tab));
      if (!before || before.state !== entry.state) changed = true;
      m.set(field(entry.userId, entry.tab), entry);
      const tk = `${ws}|${field(entry.userId, entry.tab)}`;
      let t = tabs.get(tk);
      if (!t) tabs.set(tk, (t = new Set()));
      t.add(resourceKey(resource));
      return Promise.resolve({ resource, entries: [...m.values()], changed });
    },
    leave(ws, resource, userId, tab) {
      const m = room(ws, resource);
      const changed = prune(m) || m.delete(field(userId, tab));
      tabs.get(`${ws}|${field(userId, tab)}`)?.delete(resourceKey(resource));
      return Promise.resolve({ resource, entries: [...m.values()], changed });
    },
    async leaveTab(ws, userId, tab) {
      const tk = `${ws}|${field(userId, tab)}`;
      const keys = [...(tabs.get(tk) ?? [])];
      tabs.delete(tk);
      return Promise.all(keys.map((k) => store.leave(ws, parseResourceKey(k), userId, tab)));
    },
    list(ws, resource) {
      const m = room(ws, resource);
      prune(m);
      return Promise.resolve([...m.values()]);
    },
  };
  return store;
}

/** Queue mode: a hash per resource (field = user|tab) and a set per tab, shared by every API process. */
export function createRedisPresence(redis: Redis, prefix: string, now: () => number = Date.now): PresenceStore {
  const roomKey = (ws: string, r: EventResource) => `${prefix}:rt:presence:${ws}:${resourceKey(r)}`;
  const tabKey = (ws: string, userId: string, tab: string) => `${prefix}:rt:presence-tab:${ws}:${field(userId, tab)}`;
  const ready = () => redisReady(redis);
  const read = async (key: string): Promise<{ live: PresenceEntry[]; expired: string[] }> => {
    const all = await redis.hgetall(key);
    const live: PresenceEntry[] = [];
    const expired: string[] = [];
    for (const [f, text] of Object.entries(all)) {
      const e = parseJsonColumn(presenceEntrySchema, text, { column: 'presence (Redis hash field)' });
      if (e.expiresAt <= now()) expired.push(f);
      else live.push(e);
    }
    if (expired.length) await redis.hdel(key, ...expired);
    return { live, expired };
  };
  const store: PresenceStore = {
    async beat(ws, resource, entry) {
      await ready();
      const key = roomKey(ws, resource);
      const f = field(entry.userId, entry.tab);
      const before = await redis.hget(key, f);
      const ttl = Math.max(1000, entry.expiresAt - now());
      await redis
        .multi()
        .hset(key, f, JSON.stringify(entry))
        .pexpire(key, ttl * 4)
        .sadd(tabKey(ws, entry.userId, entry.tab), resourceKey(resource))
        .pexpire(tabKey(ws, entry.userId, entry.tab), ttl * 4)
        .exec();
      const { live, expired } = await read(key);
      const prev = before ? parseJsonColumn(presenceEntrySchema, before, { column: 'presence (Redis hash field)' }) : undefined;
      const changed = expired.length > 0 || !prev || prev.expiresAt <= now() || prev.state !== entry.state;
      return { resource, entries: live, changed };
    },
    async leave(ws, resource, userId, tab) {
      await ready();
      const key = roomKey(ws, resource);
      const removed = await redis.hdel(key, field(userId, tab));
      await redis.srem(tabKey(ws, userId, tab), resourceKey(resource));
      const { live, expired } = await read(key);
      return { resource, entries: live, changed: removed > 0 || expired.length > 0 };
    },
    async leaveTab(ws, userId, tab) {
      await ready();
      const keys = await redis.smembers(tabKey(ws, userId, tab));
      await redis.del(tabKey(ws, userId, tab));
      return Promise.all(keys.map((k) => store.leave(ws, parseResourceKey(k), userId, tab)));
    },
    async list(ws, resource) {
      await ready();
      return (await read(roomKey(ws, resource))).live;
    },
  };
  return store;
}
