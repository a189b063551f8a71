import { parentPort, workerData } from 'node:worker_threads';
import { createLocalEmbedder } from '../../src/memory/embed/local.js';

const embedder = createLocalEmbedder((workerData as { dimensions: number }).dimensions);
parentPort!.on('message', (m: { id: number; texts: string[] }) => {
  void embedder.embed(m.texts).then((vectors) => {
    const flat = new Float32Array(vectors.length * embedder.dimensions);
    vectors.forEach((v, i) => flat.set(v, i * embedder.dimensions));
    parentPort!.postMessage({ id: m.id, flat }, [flat.buffer]);
  });
});
