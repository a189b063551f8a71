/**
 * Turns passages into vectors. `id` names provider, model and dimension; it is recorded with the LanceDB
 * table, so vectors of different models are never mixed and a model change is a re-embed, not a merge.
 */
export interface Embedder {
  id: string;
  provider: 'local' | 'openai';
  model: string;
  dimensions: number;
  /** Largest number of texts sent in one call. */
  maxBatch: number;
  /** Cosine similarity below which a vector neighbour is not a match at all (it is only the nearest). */
  minSimilarity: number;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

export const embedderIdOf = (provider: string, model: string, dimensions: number) => `${provider}:${model}:${dimensions}`;
