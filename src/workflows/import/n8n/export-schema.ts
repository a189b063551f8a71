import { z } from 'zod';

/** Caps on what an import reads: an export is user-supplied text. */
export const importLimits = { maxBytes: 2 * 1024 * 1024, maxNodes: 300 } as const;

/**
 * One node of an n8n workflow export (`nodes[]`). Lenient: n8n adds fields between versions, and only the
 * ones below are read. `credentials` is read only for its keys (the credential types), never its values.
 */
export const n8nNodeSchema = z
  .object({
    id: z.string().max(200).optional(),
    name: z.string().min(1).max(200),
    type: z.string().min(1).max(200),
    typeVersion: z.number().optional(),
    position: z.array(z.number()).optional(),
    parameters: z.record(z.string(), z.unknown()).default({}),
    credentials: z.record(z.string(), z.unknown()).optional(),
    disabled: z.boolean().optional(),
  })
  .loose();
export type N8nNode = z.infer<typeof n8nNodeSchema>;

const connectionTarget = z.object({ node: z.string(), type: z.string().default('main'), index: z.number().int().min(0).default(0) }).loose();

/** `connections`: by source node name, per output type, per output index, the nodes it feeds. */
export const n8nExportSchema = z
  .object({
    name: z.string().max(500).optional(),
    nodes: z.array(n8nNodeSchema).min(1).max(importLimits.maxNodes),
    connections: z.record(z.string(), z.record(z.string(), z.array(z.array(connectionTarget).nullable()))).default({}),
    settings: z.object({ timezone: z.string().max(100).optional() }).loose().optional(),
  })
  .loose();
export type N8nExport = z.infer<typeof n8nExportSchema>;
