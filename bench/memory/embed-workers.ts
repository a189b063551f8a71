// Bulk embedding for the benchmarks: the product's local embedder run in worker threads, one per core,
// so generating a million passages' vectors takes minutes rather than a quarter of an hour.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface EmbedPool {
  dimensions: number;
  /** Vectors of the texts, as one flat Float32Array (text i at i × dimensions). */
  embed(texts: string[]): Promise<Float32Array>;
  close(): Promise<void>;
}

// Workers load the TypeScript source through tsx's loader, registered inside the worker first.
export function createEmbedPool(size = availableParallelism(), dimensions = 1024): EmbedPool {
  const workers = Array.from({ length: Math.max(1, size) }, () => new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./embed-worker.ts', import.meta.url).href)}); })`, { eval: true, workerData: { dimensions } }));
  const waiting = new Map<number, (flat: Float32Array) => void>();
  workers.forEach((w) => w.on('message', (m: { id: number; flat: Float32Array }) => waiting.get(m.id)?.(m.flat)));
  let nextId = 0;
  const one = (worker: Worker, texts: string[]) =>
    new Promise<Float32Array>((resolve) => {
      const id = nextId++;
      waiting.set(id, (flat) => {
        waiting.delete(id);
        resolve(flat);
      });
      worker.postMessage({ id, texts });
    });
  return {
    dimensions,
    async embed(texts) {
      // One slice per worker, in order.
      const per = Math.ceil(texts.length / workers.length);
      const parts = await Promise.all(workers.map((w, i) => one(w, texts.slice(i * per, (i + 1) * per))));
      const out = new Float32Array(texts.length * dimensions);
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
