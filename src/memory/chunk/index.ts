export { chunkDocument, defaultChunkingOptions, indexableText, type Chunk, type ChunkingOptions } from './chunker.js';
export { countTokens } from './tokens.js';
