import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The Cranfield collection as its README describes it (queries numbered by position, graded judgements). */
export interface Cranfield {
  docs: { id: string; title: string; text: string }[];
  queries: { position: number; text: string }[];
  /** query position → doc id → grade (1 best .. 4, -1 not relevant) */
  qrels: Map<number, Map<string, number>>;
}

const fields = (block: string) => {
  const out: Record<string, string> = {};
  let key = '';
  for (const line of block.split('\n')) {
    const m = /^\.([A-Z])\s*(.*)$/.exec(line);
    if (m) {
      key = m[1]!;
      out[key] = m[2] ?? '';
    } else if (key) out[key] += `\n${line}`;
  }
  return out;
};

export function loadCranfield(dir = process.env['CRANFIELD_DIR'] ?? path.resolve('../shared/benchmarks/cranfield')): Cranfield {
  const split = (file: string) => readFileSync(path.join(dir, file), 'utf8').split(/^\.I\s+/m).filter((b) => b.trim());
  const docs = split('cran.all.1400').map((b) => {
    const id = b.split('\n')[0]!.trim();
    const f = fields(b.slice(b.indexOf('\n') + 1));
    return { id, title: (f['T'] ?? '').replace(/\s+/g, ' ').trim(), text: (f['W'] ?? '').replace(/\s+/g, ' ').trim() };
  });
  const queries = split('cran.qry').map((b, i) => ({ position: i + 1, text: (fields(b.slice(b.indexOf('\n') + 1))['W'] ?? '').replace(/\s+/g, ' ').trim() }));
  const qrels = new Map<number, Map<string, number>>();
  for (const line of readFileSync(path.join(dir, 'cranqrel'), 'utf8').split('\n')) {
    const [q, d, g] = line.trim().split(/\s+/);
    if (!q || !d || !g) continue;
    const m = qrels.get(Number(q)) ?? new Map<string, number>();
    m.set(d, Number(g));
    qrels.set(Number(q), m);
  }
  return { docs, queries, qrels };
}

const gain = (g: number | undefined) => (g !== undefined && g >= 1 && g <= 4 ? 5 - g : 0);

/** nDCG@k with gain 5-g for grades 1..4 (the README's mapping). */
export function ndcgAt(ranking: string[], judged: Map<string, number>, k: number): number {
  const dcg = ranking.slice(0, k).reduce((s, d, i) => s + gain(judged.get(d)) / Math.log2(i + 2), 0);
  const ideal = [...judged.values()].map(gain).filter((x) => x > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

const relevant = (judged: Map<string, number>) => new Set([...judged].filter(([, g]) => g >= 1 && g <= 4).map(([d]) => d));

export function averagePrecision(ranking: string[], judged: Map<string, number>): number {
  const rel = relevant(judged);
  if (rel.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranking.forEach((d, i) => {
    if (rel.has(d)) {
      hits++;
      sum += hits / (i + 1);
    }
  });
  return sum / rel.size;
}

export function recallAt(ranking: string[], judged: Map<string, number>, k: number): number {
  const rel = relevant(judged);
  if (rel.size === 0) return 0;
  return ranking.slice(0, k).filter((d) => rel.has(d)).length / rel.size;
}
