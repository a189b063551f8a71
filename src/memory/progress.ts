import type { Progress } from '../shared/memory.js';

/**
 * An ingest job's progress as the process running it keeps it: the API shape (src/shared/memory.ts) without
 * the sync-only fields, every field present (`undefined` when unknown), plus its workspace. A leaf, so the
 * sync-job repository can store it without importing the pipeline (which reaches the repositories).
 */
export type IngestProgress = { [K in Exclude<keyof Progress, 'connectionId' | 'phase'>]-?: Progress[K] } & { workspaceId: string };
