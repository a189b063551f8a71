import { embedderIdOf, type Embedder } from './types.js';

// Function words carry no topic; hashing them would only add noise to every vector.
const stopWords: ReadonlySet<string> = new Set(
  'a an and are as at be been being but by can could did do does for from had has have how i if in into is it its itself may might of on or our over shall should so such than that the their them then there these they this those through to too under up upon very was we were what when where which while who whom why will with would you your also not no nor only same other some any each both few more most own out about above after again against all am before below between during further here just once s t don now'.split(
    ' ',
  ),
);

export const wordsOf = (text: string): string[] => (text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').match(/[\p{L}\p{N}]+/gu) ?? []);

/**
 * The built-in embedder: signed feature hashing of words, word pairs and character 3–5-grams into a fixed
 * number of dimensions, sublinear term weights, L2-normalised. No network, no model download, the same
 * vector on every machine. Character n-grams give it a tolerance for inflections and typos that BM25's
 * exact terms lack, which is what hybrid search gains from it.
 */
export interface LocalEmbedderTuning {
  bigramWeight: number;
  charWeight: number;
  minGram: number;
  maxGram: number;
}

export const defaultLocalTuning: LocalEmbedderTuning = { bigramWeight: 0.5, charWeight: 0.25, minGram: 3, maxGram: 5 };

export function createLocalEmbedder(dimensions = 1024, tuning: LocalEmbedderTuning = defaultLocalTuning): Embedder {
  const model = 'hash-ngram-v1';
  // Features are hashed straight from the characters (no feature strings are built): a word, a pair of
  // words, and each character n-gram of the word padded with < >, each kind with its own seed.
  const fnvStep = (h: number, c: number) => Math.imul(h ^ c, 0x01000193) >>> 0;
  const wordSeed = 0x811c9dc5;
  const charSeed = fnvStep(wordSeed, 0x63);
  const pairSeed = fnvStep(wordSeed, 0x62);
  const embedOne = (text: string): Float32Array => {
    const v = new Float32Array(dimensions);
    const words = wordsOf(text).filter((w) => !stopWords.has(w) && w.length > 1);
    const counts = new Map<number, number>();
    const bump = (h: number, w: number) => counts.set(h, (counts.get(h) ?? 0) + w);
    let previous = -1;
    for (const w of words) {
      let h = wordSeed;
      for (let i = 0; i < w.length; i++) h = fnvStep(h, w.charCodeAt(i));
      bump(h, 1);
      if (tuning.bigramWeight > 0 && previous >= 0) bump(fnvStep(fnvStep(pairSeed, previous), h), tuning.bigramWeight);
      previous = h;
      if (tuning.charWeight > 0) {
        const len = w.length + 2;
        const at = (i: number) => (i === 0 ? 60 : i === len - 1 ? 62 : w.charCodeAt(i - 1));
        for (let n = tuning.minGram; n <= tuning.maxGram; n++) {
          for (let j = 0; j + n <= len; j++) {
            let g = fnvStep(charSeed, n);
            for (let k = j; k < j + n; k++) g = fnvStep(g, at(k));
            bump(g, tuning.charWeight);
          }
        }
      }
    }
    for (const [h, c] of counts) {
      const sign = (h & 0x80000000) !== 0 ? -1 : 1;
      v[h % dimensions]! += sign * (1 + Math.log(1 + c));
    }
    let norm = 0;
    for (let i = 0; i < dimensions; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < dimensions; i++) v[i]! /= norm;
    return v;
  };
  return {
    id: embedderIdOf('local', model, dimensions),
    provider: 'local',
    model,
    dimensions,
    maxBatch: 256,
    minSimilarity: 0.12,
    embed: async (texts) => texts.map(embedOne),
  };
}
