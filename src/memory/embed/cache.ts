import { createHash } from 'node:crypto';
import type { Embedder } from './types.js';

export const contentHash = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Wraps an embedder with batching and a cache keyed by content hash: unchanged passages (a re-synced
 * file, the same paragraph in two documents) are never sent to the model twice.
 */
export function withBatchingAndCache(embedder: Embedder, capacity = 50_000): Embedder & { cacheHits(): number } {
  const cache = new Map<string, Float32Array>();
  let hits = 0;
  const remember = (key: string, v: Float32Array) => {
    if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
    cache.set(key, v);
  };
  return {
    ...embedder,
    cacheHits: () => hits,
    embed: async (texts, signal) => {
      const keys = texts.map(contentHash);
      const out: (Float32Array | undefined)[] = keys.map((k) => {
        const v = cache.get(k);
        if (v) {
          hits++;
          cache.delete(k);
          cache.set(k, v); // most recently used last
        }
        return v;
      });
      const missing = [...new Set(keys.filter((_, i) => !out[i]))];
      for (let i = 0; i < missing.length; i += embedder.maxBatch) {
        const batchKeys = missing.slice(i, i + embedder.maxBatch);
        const batchTexts = batchKeys.map((k) => texts[keys.indexOf(k)]!);
        const vectors = await embedder.embed(batchTexts, signal);
        batchKeys.forEach((k, j) => remember(k, vectors[j]!));
      }
      return keys.map((k, i) => out[i] ?? cache.get(k)!);
    },
  };
}
