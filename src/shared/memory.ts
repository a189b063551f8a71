import { z } from 'zod';

/**
 * Memory API shapes the server answers with and the web app reads: the server's routes use these as
 * response schemas, the web app imports their `z.infer` types (type-only, so nothing here ships to the
 * browser). zod only: this folder is read by both builds.
 */

/**
 * Where a job is: a sync waiting for a worker, listing the source, in a full or incremental round; files
 * given up front (`ingest`: an upload); or done.
 */
export const syncPhases = ['queued', 'listing', 'full', 'incremental', 'ingest', 'done'] as const;
export type SyncPhase = (typeof syncPhases)[number];

export const ingestFailureSchema = z.object({ name: z.string(), code: z.string(), reason: z.string() });

/** The counters of an ingest job (also what a sync job's row keeps in its JSON column). */
export const progressCountersSchema = z.object({
  total: z.number(),
  done: z.number(),
  indexed: z.number(),
  unchanged: z.number(),
  failed: z.number(),
  chunks: z.number(),
  currentFile: z.string().optional(),
  rate: z.number().describe('files per second'),
  etaSeconds: z.number().optional(),
  failures: z.array(ingestFailureSchema),
});

export const progressSchema = z.object({
  id: z.string(),
  label: z.string(),
  status: z.enum(['running', 'finished', 'failed']),
  /** Sync jobs: the source being synced. */
  connectionId: z.string().optional(),
  /** Sync jobs: waiting for a worker (`queued`, status running), listing, a full or incremental round, done. */
  phase: z.enum(syncPhases).optional(),
  ...progressCountersSchema.shape,
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  error: z.string().optional(),
});
/** An ingest or sync job's progress (GET /api/memory/jobs/:id). */
export type Progress = z.infer<typeof progressSchema>;

const locationSchema = z.object({
  documentId: z.string(),
  source: z.string(),
  connectionId: z.string(),
  title: z.string(),
  path: z.string(),
  url: z.string().optional(),
});

export const searchHitSchema = z.object({
  documentId: z.string(),
  title: z.string(),
  mime: z.string(),
  source: z.string(),
  url: z.string().optional(),
  path: z.string(),
  modifiedAt: z.string().optional(),
  score: z.number(),
  contentHash: z.string(),
  locations: z.array(locationSchema),
  passages: z.array(z.object({ chunkIndex: z.number(), context: z.string(), snippet: z.string().describe('HTML-escaped text with matches in <mark>'), score: z.number() })),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchResponseSchema = z.object({ query: z.string(), tookMs: z.number(), hits: z.array(searchHitSchema) });
export type SearchResponse = z.infer<typeof searchResponseSchema>;

export const documentSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  source: z.string(),
  externalId: z.string(),
  title: z.string(),
  path: z.string().nullable(),
  url: z.string().nullable(),
  mime: z.string(),
  owner: z.string().nullable(),
  modifiedAt: z.string().nullable(),
  contentHash: z.string().nullable(),
  sizeBytes: z.number(),
  chunkCount: z.number(),
  status: z.string(),
  indexedAt: z.string().nullable(),
  failure: z.object({ code: z.string(), reason: z.string() }).optional(),
});
export type MemoryDocument = z.infer<typeof documentSchema>;

export const documentPageSchema = z.object({ documents: z.array(documentSchema), next: z.string().optional() });
export type DocumentPage = z.infer<typeof documentPageSchema>;

export const previewSchema = z.object({
  document: documentSchema,
  passages: z.array(z.object({ chunkIndex: z.number(), context: z.string(), html: z.string().describe('HTML-escaped passage with query matches in <mark>'), matched: z.boolean() })),
});
export type Preview = z.infer<typeof previewSchema>;

/** A memory source (a Drive, a OneDrive, uploads, a folder) with its sync status. */
export const sourceSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  accountEmail: z.string().nullable(),
  status: z.string(),
  lastError: z.string().nullable(),
  lastSyncStartedAt: z.string().nullable(),
  lastSyncFinishedAt: z.string().nullable(),
  syncLagSeconds: z.number().nullable(),
  /** The integrations connection whose sign-in the source syncs with. */
  integrationConnectionId: z.string().optional(),
  /** The source's latest sync job, from any process (GET /api/memory/jobs/:id for its progress). */
  syncJobId: z.string().optional(),
});
export type MemorySource = z.infer<typeof sourceSchema>;

const countRow = z.object({ documents: z.number(), chunks: z.number(), bytes: z.number() });

export const statsSchema = z.object({
  totals: countRow.extend({ failed: z.number() }),
  bySource: z.record(z.string(), countRow),
  byType: z.record(z.string(), countRow),
  failures: z.object({
    byCode: z.record(z.string(), z.number()),
    recent: z.array(z.object({ name: z.string(), code: z.string(), reason: z.string(), occurredAt: z.string() })),
  }),
  sources: z.array(z.object({ id: z.string(), kind: z.string(), name: z.string(), status: z.string(), lastSyncFinishedAt: z.string().nullable(), syncLagSeconds: z.number().nullable(), lastError: z.string().nullable() })),
  throughput: z.object({ documentsPerSecond: z.number(), chunksPerSecond: z.number(), recentJobs: z.number() }),
  search: z.object({
    last24h: z.number(),
    latencyMs: z.object({ p50: z.number(), p95: z.number(), p99: z.number() }),
    topQueries: z.array(z.object({ query: z.string(), count: z.number() })),
    zeroResultQueries: z.array(z.object({ query: z.string(), count: z.number() })),
  }),
  store: z.object({ table: z.string(), embedder: z.string(), dimensions: z.number(), rows: z.number(), bytes: z.number(), versions: z.number(), indexes: z.array(z.string()), reembedding: z.boolean() }),
});
export type MemoryStats = z.infer<typeof statsSchema>;
