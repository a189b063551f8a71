import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { startModuleWorker } from '../../platform/worker-thread.js';
import type { StoreOptions } from '../store/index.js';
import { searchIndex, type SearchHit, type SearchRequest, type SearchSource } from './search-index.js';

/** What the main thread sends the search thread: the request, and the query's vector if it needs one. */
export interface ThreadQuery {
  id: number;
  table: string;
  dimensions: number;
  req: SearchRequest;
  vector: Float32Array | undefined;
  minSimilarity: number;
}
export type ThreadAnswer = { id: number; ok: true; hits: SearchHit[]; tookMs: number } | { id: number; ok: false; message: string };

export interface SearchThread {
  search(source: SearchSource, req: SearchRequest): Promise<{ hits: SearchHit[]; tookMs: number }>;
  /** Whether the thread is up and takes searches. */
  ready(): boolean;
  /** Searches the thread answered, and those it passed back to the process (it was starting, or failed). */
  counts(): { answered: number; inProcess: number };
  close(): Promise<void>;
}

/**
 * Memory search on a thread of its own. A search is a chain of LanceDB calls (full text, then the vector
 * query its results feed, each answered in record batches), and every step waits for a turn of the event
 * loop that delivers it. On the main thread, under a flood of requests, each turn lasts tens of ms, so a
 * search that takes 20 ms alone took 150 ms (docs/benchmarks.md, Load). The thread's loop does nothing
 * else: the main thread waits one turn, for the answer.
 *
 * The thread reads the same tables (its own LanceDB connection, reading the latest version at every query, so
 * a write the main thread made is searched at once) and never writes them. The query's vector is computed
 * here (embedders may call a provider with the workspace's keys). While the thread starts, or if it fails,
 * searches run in the process as before; a thread that died is started again at the next search.
 */
export function createSearchThread(store: Omit<StoreOptions, 'readOnly' | 'readConsistencySeconds'>, logger: Logger): SearchThread {
  let worker: Worker | undefined;
  let ready = false;
  let closed = false;
  let nextId = 1;
  let answered = 0;
  let inProcess = 0;
  const pending = new Map<number, { resolve: (a: ThreadAnswer) => void }>();
  const failAll = (message: string) => {
    for (const [id, p] of pending) p.resolve({ id, ok: false, message });
    pending.clear();
  };
  const start = () => {
    const w = startModuleWorker(import.meta.url, 'search-worker', { workerData: { store: { ...store, readOnly: true, readConsistencySeconds: 0 } satisfies StoreOptions } });
    w.unref();
    w.on('message', (m: ThreadAnswer | { ready: true }) => {
      if ('ready' in m) {
        ready = true;
        return;
      }
      const p = pending.get(m.id);
      pending.delete(m.id);
      p?.resolve(m);
    });
    const gone = (why: string) => {
      if (worker !== w) return;
      worker = undefined;
      ready = false;
      failAll(why);
    };
    w.on('error', (err) => {
      logger.warn({ err: { message: err.message } }, 'memory search thread failed; searching in the process until it restarts');
      gone(err.message);
    });
    w.on('exit', (code) => gone(`search thread exited (${code})`));
    worker = w;
  };

  return {
    async search(source, req) {
      if (!closed && !worker) start();
      if (!ready || !worker) {
        inProcess++;
        return searchIndex(source, req);
      }
      const w = worker;
      const useVector = (req.mode ?? 'hybrid') !== 'fulltext' && source.vectorUsable;
      const vector = useVector ? (await source.embedder.embed([req.q]))[0] : undefined;
      const id = nextId++;
      const answer = await new Promise<ThreadAnswer>((resolve) => {
        pending.set(id, { resolve });
        const query: ThreadQuery = { id, table: source.table.name, dimensions: source.table.dimensions, req, vector, minSimilarity: source.embedder.minSimilarity };
        w.postMessage(query);
      });
      if (answer.ok) {
        answered++;
        return { hits: answer.hits, tookMs: answer.tookMs };
      }
      inProcess++;
      // Whatever failed there (a crash, a table it could not open) gets the in-process search, which either
      // answers or fails the way it always did.
      logger.debug({ reason: answer.message }, 'memory search thread could not answer; searched in the process');
      return searchIndex(source, req);
    },
    ready: () => ready && worker !== undefined,
    counts: () => ({ answered, inProcess }),
    async close() {
      closed = true;
      const w = worker;
      worker = undefined;
      ready = false;
      failAll('search thread closed');
      if (w) await w.terminate();
    },
  };
}
