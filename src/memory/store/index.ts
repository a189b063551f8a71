export { openLanceStore, scopeWhere, vectorIndexKinds, type VectorIndexKind, type ChunkHit, type NearestOptions, type ChunkTable, type LanceStore, type ScopeFilter, type StoreOptions } from './lance-store.js';
export { chunkKey, lit, litList, type ChunkRow } from './rows.js';
