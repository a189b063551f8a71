import { AppError } from '../../platform/index.js';
import { embedderIdOf, type Embedder } from './types.js';

export interface OpenAiEmbedderOptions {
  /** `https://api.openai.com/v1`, or any OpenAI-compatible endpoint (Ollama: `http://localhost:11434/v1`). */
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  dimensions: number;
  /** Ask the API to shorten vectors (text-embedding-3-*); off for servers that reject the parameter. */
  sendDimensions?: boolean;
  maxBatch?: number;
  /** Similarity under which neighbours are not matches (depends on the model). */
  minSimilarity?: number;
  maxRetries?: number;
  fetch?: typeof fetch;
  /** Sleep, replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
}

type EmbeddingsResponse = { data?: { embedding?: number[]; index?: number }[] };

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * OpenAI's POST /embeddings (and compatible servers): batched, retried on 429/5xx honouring Retry-After,
 * answers checked for count and dimension so a misconfigured model cannot corrupt the table.
 */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? delay;
  const maxRetries = options.maxRetries ?? 6;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/embeddings`;
  const embed = async (texts: string[], signal?: AbortSignal): Promise<Float32Array[]> => {
    if (texts.length === 0) return [];
    const body = JSON.stringify({
      model: options.model,
      input: texts,
      encoding_format: 'float',
      ...(options.sendDimensions ? { dimensions: options.dimensions } : {}),
    });
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
          body,
          ...(signal ? { signal } : {}),
        });
      } catch (err) {
        if (attempt >= maxRetries || signal?.aborted) {
          throw new AppError('memory.embed.unreachable', `The embedding endpoint ${options.baseUrl} cannot be reached.`, { status: 503, cause: err });
        }
        await sleep(Math.min(30_000, 500 * 2 ** attempt));
        continue;
      }
      if (res.status === 429 || res.status >= 500) {
        if (attempt >= maxRetries) throw new AppError('memory.embed.throttled', `The embedding endpoint kept answering ${res.status}.`, { status: 503 });
        await res.body?.cancel();
        await sleep(retryAfterMs(res.headers.get('retry-after')) ?? Math.min(30_000, 500 * 2 ** attempt + Math.random() * 250));
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        throw new AppError('memory.embed.unauthorized', 'The embedding endpoint refused the API key.', { status: 502 });
      }
      if (!res.ok) {
        const detail = (await res.text()).slice(0, 200);
        throw new AppError('memory.embed.rejected', `The embedding endpoint answered ${res.status}: ${detail}`, { status: 502 });
      }
      const json = (await res.json()) as EmbeddingsResponse;
      const data = json.data ?? [];
      if (data.length !== texts.length) {
        throw new AppError('memory.embed.bad_answer', `Expected ${texts.length} embeddings, got ${data.length}.`, { status: 502 });
      }
      const out: Float32Array[] = new Array(texts.length);
      data.forEach((d, i) => {
        const e = d.embedding ?? [];
        if (e.length !== options.dimensions) {
          throw new AppError('memory.embed.bad_dimension', `The model returned ${e.length} dimensions; ${options.dimensions} are configured.`, { status: 502 });
        }
        out[d.index ?? i] = Float32Array.from(e);
      });
      return out;
    }
  };
  return {
    id: embedderIdOf('openai', options.model, options.dimensions),
    provider: 'openai',
    model: options.model,
    dimensions: options.dimensions,
    maxBatch: options.maxBatch ?? 96,
    minSimilarity: options.minSimilarity ?? 0.3,
    embed,
  };
}
