import { describe, expect, it } from 'vitest';
import type { ChunkHit } from '../store/index.js';
import { fuseRankings, fuseScores } from './hybrid.js';

const hit = (key: string, score: number) => ({ row: { key } as ChunkHit['row'], score });

describe('fusing the full-text and vector rankings', () => {
  // Issue 17: "board approved the hiring plan". BM25 puts the passage holding every word far ahead; the
  // vector side slightly prefers a short passage holding only "plan".
  const fts = [hit('all', 5.94), hit('plan', 1.89)];
  const vec = [hit('plan', 0.62), hit('other', 0.6), hit('all', 0.58)];

  it('score fusion keeps a large BM25 lead: the passage with every word wins', () => {
    const fused = fuseScores([
      { hits: fts, weight: 1 },
      { hits: vec, weight: 0.5 },
    ]);
    const order = [...fused.values()].sort((a, b) => b.score - a.score).map((e) => e.hit.row.key);
    expect(order).toEqual(['all', 'plan', 'other']);
    expect(fused.get('all')!.score).toBeCloseTo(1 + 0.5 * (0.58 / 0.62), 6);
  });

  it('rank fusion flattens that lead to one rank (why it is no longer the default)', () => {
    const fused = fuseRankings(
      [
        { hits: fts, weight: 1 },
        { hits: vec, weight: 1 },
      ],
      60,
    );
    expect(fused.get('plan')!.score).toBeGreaterThan(fused.get('all')!.score);
  });
});
