import { z } from 'zod';

/**
 * API shapes of the memory (zod first: validation, OpenAPI and types come from here). Response shapes the
 * web app reads live in src/shared/memory.ts (both builds read it).
 */
export {
  documentPageSchema,
  documentSchema,
  previewSchema,
  progressSchema,
  searchResponseSchema,
  sourceSchema as connectionSchema,
} from '../shared/memory.js';

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
