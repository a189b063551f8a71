import type { AtomConfig } from '../../platform/index.js';
import { guardedGlobalFetch } from '../../platform/outbound/index.js';
import { createLocalEmbedder } from './local.js';
import { createOpenAiEmbedder } from './openai.js';
import type { Embedder } from './types.js';

/** The embedder the configuration asks for; the local one unless `ATOM_MEMORY_EMBEDDER=openai`. */
export function embedderFromConfig(config: AtomConfig, fetchImpl?: typeof fetch): Embedder {
  if (config.ATOM_MEMORY_EMBEDDER === 'openai') {
    const model = config.ATOM_MEMORY_EMBEDDING_MODEL ?? 'text-embedding-3-small';
    const dimensions = config.ATOM_MEMORY_EMBEDDING_DIMENSIONS ?? 1536;
    return createOpenAiEmbedder({
      baseUrl: config.ATOM_MEMORY_EMBEDDING_BASE_URL,
      apiKey: config.ATOM_MEMORY_EMBEDDING_API_KEY,
      model,
      dimensions,
      // Only text-embedding-3 models accept a shortened size; other servers reject the parameter.
      sendDimensions: model.startsWith('text-embedding-3') && config.ATOM_MEMORY_EMBEDDING_DIMENSIONS !== undefined,
      // The admin configured this endpoint (a local Ollama is fine), so its own host is allowed; the guard
      // still refuses a redirect from it to any other internal address (cloud metadata).
      fetch: fetchImpl ?? guardedGlobalFetch({ allow: [...config.ATOM_SSRF_ALLOW, endpointHost(config.ATOM_MEMORY_EMBEDDING_BASE_URL)] }),
    });
  }
  return createLocalEmbedder(config.ATOM_MEMORY_EMBEDDING_DIMENSIONS ?? 1024);
}

const endpointHost = (baseUrl: string): string => new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
