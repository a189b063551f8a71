// Sweep of the local embedder's feature weights on Cranfield, vector-only, exact cosine in memory.
// Run: npx tsx bench/memory/embedder-tune.ts
import { createLocalEmbedder, type LocalEmbedderTuning } from '../../src/memory/embed/local.js';
import { loadCranfield, ndcgAt } from './cranfield-data.js';

const data = loadCranfield();
const variants: [number, LocalEmbedderTuning][] = [
  [1024, { bigramWeight: 0.5, charWeight: 0.25, minGram: 3, maxGram: 5 }],
  [1024, { bigramWeight: 0, charWeight: 0.25, minGram: 3, maxGram: 5 }],
  [1024, { bigramWeight: 0.5, charWeight: 0.1, minGram: 3, maxGram: 5 }],
  [1024, { bigramWeight: 0.5, charWeight: 0, minGram: 3, maxGram: 5 }],
  [1024, { bigramWeight: 0.5, charWeight: 0.25, minGram: 4, maxGram: 5 }],
  [2048, { bigramWeight: 0.5, charWeight: 0.1, minGram: 3, maxGram: 5 }],
];
for (const [dims, tuning] of variants) {
  const e = createLocalEmbedder(dims, tuning);
  const docVecs = await e.embed(data.docs.map((d) => `${d.title}\n${d.text}`));
  let ndcg = 0;
  for (const q of data.queries) {
    const [qv] = await e.embed([q.text]);
    const scored = docVecs.map((v, i) => [i, v.reduce((s, x, j) => s + x * qv![j]!, 0)] as const).sort((a, b) => b[1] - a[1]);
    ndcg += ndcgAt(scored.slice(0, 10).map(([i]) => data.docs[i]!.id), data.qrels.get(q.position) ?? new Map(), 10);
  }
  console.log(dims, JSON.stringify(tuning), (ndcg / data.queries.length).toFixed(4));
}
