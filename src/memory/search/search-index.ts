// The search itself, over one table: used in the process and on the search thread (search-thread.ts).
import type { Embedder } from '../embed/index.js';
import type { ChunkHit, ChunkTable, ScopeFilter } from '../store/index.js';
import { highlightSnippet, queryStems } from './snippet.js';

export type SearchMode = 'hybrid' | 'fulltext' | 'vector';

export interface SearchRequest {
  q: string;
  workspaceId: string;
  principals: string[];
  sources?: string[] | undefined;
  mimes?: string[] | undefined;
  afterMs?: number | undefined;
  beforeMs?: number | undefined;
  limit: number;
  mode?: SearchMode;
  /** Candidates fetched from each retriever before fusion. */
  candidates?: number;
  /**
   * How the two rankings are combined: `convex` (default): each retriever's scores divided by its best
   * one, weighted and added, so a large BM25 lead is not flattened to one rank (Cranfield nDCG@10 0.383
   * against 0.377 for RRF, docs/benchmarks.md); or `rrf`, reciprocal rank fusion.
   */
  fusion?: 'rrf' | 'convex';
  /** Reciprocal rank fusion constant (60 in the original paper). */
  rrfK?: number;
  /** Weight of the vector ranking against full-text's 1 (default 0.5 for `convex`, 1 for `rrf`). */
  vectorWeight?: number;
  /** Vector neighbours below this cosine similarity are dropped (default: the embedder's). */
  minSimilarity?: number;
  /** Hybrid only: the vector query is expanded with the vectors of this many best full-text passages (0 = off). */
  feedback?: number;
  /** Weight of those passages against the query's own vector. */
  feedbackWeight?: number;
}

export interface SearchLocation {
  documentId: string;
  source: string;
  connectionId: string;
  title: string;
  path: string;
  url: string | undefined;
}

export interface SearchHit {
  documentId: string;
  title: string;
  mime: string;
  source: string;
  url: string | undefined;
  path: string;
  modifiedAt: string | undefined;
  score: number;
  contentHash: string;
  /** Every place this content lives (the same file in Drive and OneDrive is one hit). */
  locations: SearchLocation[];
  passages: { chunkIndex: number; context: string; snippet: string; score: number }[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Reciprocal rank fusion over ranked lists of passages: Σ w / (k + rank). */
export function fuseRankings(lists: { hits: ChunkHit[]; weight: number }[], k: number): Map<string, { hit: ChunkHit; score: number }> {
  const fused = new Map<string, { hit: ChunkHit; score: number }>();
  for (const { hits, weight } of lists) {
    hits.forEach((hit, rank) => {
      const entry = fused.get(hit.row.key) ?? { hit, score: 0 };
      entry.score += weight / (k + rank + 1);
      fused.set(hit.row.key, entry);
    });
  }
  return fused;
}

/** Convex combination of max-normalized scores: Σ w · score / best score of that list. */
export function fuseScores(lists: { hits: ChunkHit[]; weight: number }[]): Map<string, { hit: ChunkHit; score: number }> {
  const fused = new Map<string, { hit: ChunkHit; score: number }>();
  for (const { hits, weight } of lists) {
    const best = Math.max(0, ...hits.map((h) => h.score));
    if (best <= 0) continue;
    for (const hit of hits) {
      const entry = fused.get(hit.row.key) ?? { hit, score: 0 };
      entry.score += (weight * Math.max(0, hit.score)) / best;
      fused.set(hit.row.key, entry);
    }
  }
  return fused;
}

/** What a search reads: the table, the embedder of its vectors, and whether queries can be embedded for it. */
export interface SearchSource {
  table: ChunkTable;
  embedder: Pick<Embedder, 'embed' | 'minSimilarity'>;
  vectorUsable: boolean;
}

/** The search itself, over one table (in the process, or in the search thread). */
export async function searchIndex(source: SearchSource, req: SearchRequest): Promise<{ hits: SearchHit[]; tookMs: number }> {
  const started = performance.now();
  const mode = req.mode ?? 'hybrid';
  const { table, embedder, vectorUsable } = source;
  const filter: ScopeFilter = { workspaceId: req.workspaceId, principals: req.principals, sources: req.sources, mimes: req.mimes, afterMs: req.afterMs, beforeMs: req.beforeMs };
  const n = req.candidates ?? Math.max(50, req.limit * 5);
  const minSimilarity = req.minSimilarity ?? embedder.minSimilarity;
  const useVector = mode !== 'fulltext' && vectorUsable;
  const feedback = mode === 'hybrid' ? (req.feedback ?? 3) : 0;
  const [fts, queryVector] = await Promise.all([
    mode === 'vector' ? Promise.resolve([]) : table.fullText(req.q, filter, n, { withVectors: useVector && feedback > 0 }),
    useVector ? embedder.embed([req.q]).then(([v]) => v) : Promise.resolve(undefined),
  ]);
  let vec: ChunkHit[] = [];
  if (queryVector && queryVector.some((x) => x !== 0)) {
    let probe = queryVector;
    // Relevance feedback (Rocchio): the best lexical passages pull the vector query towards their
    // vocabulary, so the vector side finds related passages that share few words with the query itself.
    if (feedback > 0 && fts.length > 0) {
      const best = fts.slice(0, feedback);
      const top = best.every((h) => h.vector) ? best.map((h) => h.vector!) : await table.vectorsByKey(best.map((h) => h.row.key));
      const w = (req.feedbackWeight ?? 0.5) / Math.max(1, top.length);
      probe = Float32Array.from(queryVector, (x, i) => x + top.reduce((s, v) => s + w * v[i]!, 0));
      const norm = Math.sqrt(probe.reduce((s, x) => s + x * x, 0)) || 1;
      probe = probe.map((x) => x / norm);
    }
    vec = (await table.nearest(probe, filter, n)).filter((h) => h.score >= minSimilarity);
  }
  const fusion = req.fusion ?? 'convex';
  const lists = [
    { hits: fts, weight: 1 },
    { hits: vec, weight: req.vectorWeight ?? (fusion === 'convex' ? 0.5 : 1) },
  ];
  const fused = fusion === 'convex' ? fuseScores(lists) : fuseRankings(lists, req.rrfK ?? 60);

  // Passages → documents: a document scores its best passage plus a little for further matching ones.
  const byDoc = new Map<string, { passages: { hit: ChunkHit; score: number }[]; score: number }>();
  // Ties broken by key and document id: a ranking must not move when the store rewrites its files.
  const fusedOrder = [...fused.values()].sort((a, b) => b.score - a.score || compare(a.hit.row.key, b.hit.row.key));
  for (const entry of fusedOrder) {
    const d = byDoc.get(entry.hit.row.document_id) ?? { passages: [], score: 0 };
    d.score += d.passages.length === 0 ? entry.score : entry.score * 0.1;
    d.passages.push(entry);
    byDoc.set(entry.hit.row.document_id, d);
  }
  // Documents → hits: the same content (hash) from several places becomes one hit.
  const stems = queryStems(req.q);
  const hits = new Map<string, SearchHit>();
  for (const [documentId, d] of [...byDoc.entries()].sort((a, b) => b[1].score - a[1].score || compare(a[0], b[0]))) {
    const row = d.passages[0]!.hit.row;
    const location: SearchLocation = { documentId, source: row.source, connectionId: row.connection_id, title: row.title, path: row.path, url: row.url || undefined };
    const mergeKey = row.content_hash || documentId;
    const found = hits.get(mergeKey);
    if (found) {
      if (!found.locations.some((l) => l.documentId === documentId)) found.locations.push(location);
      continue;
    }
    if (hits.size >= req.limit) continue;
    hits.set(mergeKey, {
      documentId,
      title: row.title,
      mime: row.mime,
      source: row.source,
      url: row.url || undefined,
      path: row.path,
      modifiedAt: row.modified_ms ? new Date(Number(row.modified_ms)).toISOString() : undefined,
      score: Math.round(d.score * 1e6) / 1e6,
      contentHash: row.content_hash,
      locations: [location],
      passages: d.passages.slice(0, 3).map((p) => ({ chunkIndex: p.hit.row.chunk_index, context: p.hit.row.context, snippet: highlightSnippet(p.hit.row.text, stems), score: Math.round(p.score * 1e6) / 1e6 })),
    });
  }
  return { hits: [...hits.values()], tookMs: performance.now() - started };
}
