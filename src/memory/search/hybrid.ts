import type { Memory } from '../memory.js';
import { searchIndex, type SearchHit, type SearchRequest } from './search-index.js';

export { fuseRankings, fuseScores, searchIndex, type SearchHit, type SearchLocation, type SearchMode, type SearchRequest, type SearchSource } from './search-index.js';

/**
 * Hybrid search: Lance BM25 and vector search, both with the workspace/permission prefilter, fused by
 * reciprocal rank; passages grouped into one hit per document, documents with the same content merged
 * into one hit listing every location, best passages highlighted.
 */
export async function searchMemory(memory: Memory, req: SearchRequest): Promise<{ hits: SearchHit[]; tookMs: number }> {
  const result = memory.searchThread ? await memory.searchThread.search(memory.searchIndex(), req) : await searchIndex(memory.searchIndex(), req);
  memory.metrics.searchDuration.observe({ mode: req.mode ?? 'hybrid' }, result.tookMs / 1000);
  return result;
}

