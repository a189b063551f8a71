import { loadCranfield } from './cranfield-data.js';

/** Deterministic pseudo-random numbers (mulberry32), so runs are comparable. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Realistic technical prose: sentences sampled from the Cranfield abstracts' vocabulary. */
export function textGenerator(seed = 7) {
  const words = [...new Set(loadCranfield().docs.flatMap((d) => d.text.toLowerCase().match(/[a-z]{3,}/g) ?? []))];
  const r = rng(seed);
  const word = () => words[Math.floor(r() * words.length)]!;
  const sentence = () => {
    const n = 8 + Math.floor(r() * 14);
    const s = Array.from({ length: n }, word).join(' ');
    return s[0]!.toUpperCase() + s.slice(1) + '.';
  };
  const paragraph = (sentences: number) => Array.from({ length: sentences }, sentence).join(' ');
  return { word, sentence, paragraph, random: r };
}

/**
 * Prose with topical structure, as real collections have: K topics, each its own Zipf-weighted (exponent 0.7)
 * distribution over 400 words of the Cranfield vocabulary, and a background of the corpus's word
 * frequencies. A passage draws most words from one topic, often some from a second (40 % of passages,
 * a third of their topic words), and a quarter from the background. Queries draw 2–5 distinct words from
 * one topic. Passages about one topic then share words and their vectors cluster, unlike textGenerator's
 * uniformly random words, whose nearest neighbours are spread over every IVF partition.
 */
export function topicGenerator(seed = 7, topics = 100) {
  const tokens = loadCranfield().docs.flatMap((d) => d.text.toLowerCase().match(/[a-z]{3,}/g) ?? []);
  const words = [...new Set(tokens)];
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  // Cumulative weights → sampling by binary search.
  const sampler = (items: string[], weights: number[]) => {
    const cum: number[] = [];
    let s = 0;
    for (const w of weights) cum.push((s += w));
    return () => {
      const x = r() * s;
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      return items[lo]!;
    };
  };
  const background = () => pick(tokens);
  const topicWords = Array.from({ length: topics }, () => Array.from({ length: 400 }, () => pick(words)));
  const topicSamplers = topicWords.map((ws) => sampler(ws, ws.map((_, i) => (i + 1) ** -0.7)));
  const passage = (sentences: number) => {
    const main = topicSamplers[Math.floor(r() * topics)]!;
    const second = r() < 0.4 ? topicSamplers[Math.floor(r() * topics)]! : undefined;
    const word = () => (r() < 0.25 ? background() : second && r() < 1 / 3 ? second() : main());
    return Array.from({ length: sentences }, () => {
      const s = Array.from({ length: 8 + Math.floor(r() * 14) }, word).join(' ');
      return s[0]!.toUpperCase() + s.slice(1) + '.';
    }).join(' ');
  };
  const query = (n: number) => {
    const t = topicSamplers[Math.floor(r() * topics)]!;
    const out = new Set<string>();
    for (let i = 0; out.size < n && i < 50; i++) out.add(t());
    return [...out].join(' ');
  };
  return { passage, query, random: r };
}
