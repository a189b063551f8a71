import type { AtomConfig } from '../../platform/index.js';
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
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  }
  return createLocalEmbedder(config.ATOM_MEMORY_EMBEDDING_DIMENSIONS ?? 1024);
}
