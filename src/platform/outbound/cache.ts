/**
 * A small in-process response cache for GETs: fresh entries are served without a call (TTL), stale ones
 * are revalidated with `If-None-Match` / `If-Modified-Since` and a 304 reuses the stored body.
 * Keys always include the connection, so one account never sees another's data.
 */
export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  etag: string | undefined;
  lastModified: string | undefined;
  /** Epoch ms until which the entry is served without asking the service. */
  freshUntil: number;
}

export interface ResponseCache {
  get(key: string): CachedResponse | undefined;
  set(key: string, value: CachedResponse): void;
  delete(key: string): void;
  readonly size: number;
}

export function createResponseCache(maxEntries = 1000): ResponseCache {
  const entries = new Map<string, CachedResponse>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (hit) {
        // Map keeps insertion order: re-inserting makes this the most recently used.
        entries.delete(key);
        entries.set(key, hit);
      }
      return hit;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    delete: (key) => void entries.delete(key),
    get size() {
      return entries.size;
    },
  };
}

/** Whether the service forbids keeping this response. */
export function isNoStore(cacheControl: string | null): boolean {
  return cacheControl !== null && /(^|,)\s*no-store\b/i.test(cacheControl);
}
