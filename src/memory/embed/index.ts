export { createLocalEmbedder, wordsOf } from './local.js';
export { createOpenAiEmbedder, type OpenAiEmbedderOptions } from './openai.js';
export { contentHash, withBatchingAndCache } from './cache.js';
export { embedderIdOf, type Embedder } from './types.js';
export { embedderFromConfig } from './from-config.js';
