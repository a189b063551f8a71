import { AppError } from '../../platform/index.js';
import { appErrorInside, codeForStatus, integrationError, isRetryable, parseRetryAfter, withRetries } from '../../platform/outbound/index.js';
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

const service = 'embeddings';

/**
 * OpenAI's POST /embeddings (and compatible servers): batched, retried on 429/5xx honouring Retry-After,
 * answers checked for count and dimension so a misconfigured model cannot corrupt the table.
 */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const doFetch = options.fetch ?? fetch;
  const maxRetries = options.maxRetries ?? 6;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/embeddings`;

  /** One POST; 429 and 5xx become the toolkit's retryable errors (with the Retry-After they carried). */
  const post = async (body: string, signal: AbortSignal | undefined): Promise<Response> => {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
        body,
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      const inner = appErrorInside(err);
      if (inner) throw inner; // the SSRF guard's refusal: retrying would not change it
      throw new AppError('memory.embed.unreachable', `The embedding endpoint ${options.baseUrl} cannot be reached.`, { status: 503, cause: err });
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      throw integrationError(codeForStatus(res.status), `The embedding endpoint kept answering ${res.status}.`, { service, upstreamStatus: res.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    }
    return res;
  };

  const embed = async (texts: string[], signal?: AbortSignal): Promise<Float32Array[]> => {
    if (texts.length === 0) return [];
    const body = JSON.stringify({
      model: options.model,
      input: texts,
      encoding_format: 'float',
      ...(options.sendDimensions ? { dimensions: options.dimensions } : {}),
    });
    let res: Response;
    try {
      res = await withRetries(() => post(body, signal), { maxAttempts: maxRetries + 1, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 300_000 }, {
        retryable: (err) => isRetryable(err) || (err instanceof AppError && err.code === 'memory.embed.unreachable'),
        ...(options.sleep ? { sleep: options.sleep } : {}),
        signal,
      });
    } catch (err) {
      if (err instanceof AppError && err.extensions?.['service'] === service) {
        throw new AppError('memory.embed.throttled', err.message, { status: 503, cause: err });
      }
      throw err;
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
