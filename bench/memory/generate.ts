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
