// The search thread (see search-thread.ts): answers searches over the memory's tables, read-only.
import { parentPort, workerData } from 'node:worker_threads';
import { openLanceStore, type StoreOptions } from '../store/index.js';
import { searchIndex } from './search-index.js';
import type { ThreadAnswer, ThreadQuery } from './search-thread.js';

const port = parentPort;
if (!port) throw new Error('search-worker.ts runs only as a worker thread');
const { store: options } = workerData as { store: StoreOptions };
const store = await openLanceStore(options);

port.on('message', (q: ThreadQuery) => {
  void (async (): Promise<ThreadAnswer> => {
    try {
      const table = await store.open(q.table, q.dimensions);
      const vector = q.vector;
      const embedder = { embed: async () => (vector ? [vector] : []), minSimilarity: q.minSimilarity };
      const { hits, tookMs } = await searchIndex({ table, embedder, vectorUsable: vector !== undefined }, q.req);
      return { id: q.id, ok: true, hits, tookMs };
    } catch (err) {
      return { id: q.id, ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  })().then((answer) => port.postMessage(answer));
});
port.postMessage({ ready: true });
