import { z } from 'zod';
import { syncPhases } from './sql/sync-jobs.js';

/** API shapes of the memory (zod first: validation, OpenAPI and types come from here). */
const csv = z
  .string()
  .max(1000)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { error: 'must be a date such as 2026-01-31 or an ISO timestamp' })
  .transform((s) => Date.parse(s));

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, { error: 'must not be empty' }).max(1000),
  sources: csv.pipe(z.array(z.enum(['upload', 'folder', 'google_drive', 'onedrive']))).optional(),
  types: csv.pipe(z.array(z.enum(['pdf', 'docx', 'xlsx', 'pptx', 'csv', 'html', 'markdown', 'text', 'json', 'eml']))).optional(),
  after: isoDate.optional(),
  before: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  mode: z.enum(['hybrid', 'fulltext', 'vector']).default('hybrid'),
});

const locationSchema = z.object({
  documentId: z.string(),
  source: z.string(),
  connectionId: z.string(),
  title: z.string(),
  path: z.string(),
  url: z.string().optional(),
});

export const searchResponseSchema = z.object({
  query: z.string(),
  tookMs: z.number(),
  hits: z.array(
    z.object({
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
    }),
  ),
});

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

export const previewSchema = z.object({
  document: documentSchema,
  passages: z.array(z.object({ chunkIndex: z.number(), context: z.string(), html: z.string().describe('HTML-escaped passage with query matches in <mark>'), matched: z.boolean() })),
});

export const progressSchema = z.object({
  id: z.string(),
  label: z.string(),
  status: z.enum(['running', 'finished', 'failed']),
  /** Sync jobs: the source being synced. */
  connectionId: z.string().optional(),
  /** Sync jobs: waiting for a worker (`queued`, status running), listing, a full or incremental round, done. */
  phase: z.enum(syncPhases).optional(),
  total: z.number(),
  done: z.number(),
  indexed: z.number(),
  unchanged: z.number(),
  failed: z.number(),
  chunks: z.number(),
  currentFile: z.string().optional(),
  rate: z.number().describe('files per second'),
  etaSeconds: z.number().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  error: z.string().optional(),
  failures: z.array(z.object({ name: z.string(), code: z.string(), reason: z.string() })),
});

export const connectionSchema = z.object({
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

export const createConnectionSchema = z.object({
  kind: z.enum(['google_drive', 'onedrive']),
  /** Defaults to the connection's label. */
  name: z.string().trim().min(1).max(200).optional(),
  /** The integrations connection (Google Drive / OneDrive, OAuth) whose tokens the sync uses. */
  integrationConnectionId: z.string().min(1).max(200).optional(),
  /**
   * Refused: the source's account is the one the provider vouched for when the connection was made
   * (a typed address would grant that address's document permissions).
   */
  accountEmail: z.never({ error: "is not accepted: the source's account is the verified account of its connection" }).optional(),
  /** Source-specific: `driveId` (a shared drive / a Graph drive). */
  settings: z
    .object({
      driveId: z.string().min(1).optional(),
      // Refused: API addresses are server configuration (ATOM_INTEGRATIONS `apiBaseUrl`), never a request's.
      baseUrl: z.never({ error: 'is not accepted: API addresses are set by the server configuration (ATOM_INTEGRATIONS apiBaseUrl)' }).optional(),
    })
    .default({}),
});

export const idParams = z.object({ id: z.string().min(1).max(200) });
