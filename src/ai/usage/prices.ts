import { readFileSync } from 'node:fs';
import { z } from 'zod';

const priceTableSchema = z.object({
  models: z.record(z.string(), z.object({ input: z.number().min(0), output: z.number().min(0) })),
  speech: z.record(z.string(), z.number().min(0)).default({}),
});

// Read once from data, so prices change without touching code.
const prices = priceTableSchema.parse(JSON.parse(readFileSync(new URL('../data/prices.json', import.meta.url), 'utf8')));
const table = prices.models;

export interface CallCost {
  costUsd: number;
  /** False when the model is not in the price table (self-hosted models, new releases). */
  priced: boolean;
}

/** Estimated cost of one call from the price table (USD per million tokens). */
export function estimateCost(provider: string, model: string, inputTokens: number, outputTokens: number): CallCost {
  const price = table[`${provider}:${model}`];
  if (!price) return { costUsd: 0, priced: false };
  return { costUsd: (inputTokens * price.input + outputTokens * price.output) / 1_000_000, priced: true };
}

/** Estimated cost of transcribing `seconds` of audio (USD per audio minute). */
export function estimateSpeechCost(provider: string, model: string, seconds: number): CallCost {
  const perMinute = prices.speech[`${provider}:${model}`];
  if (perMinute === undefined) return { costUsd: 0, priced: false };
  return { costUsd: (seconds / 60) * perMinute, priced: true };
}
