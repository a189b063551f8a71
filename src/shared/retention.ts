import { z } from 'zod';

/** Retention API shapes: policies, legal hold, preview and purge (server response schemas; the web app imports their types). zod only. */

export const legalHoldSchema = z.object({
  enabled: z.boolean(),
  reason: z.string().nullable(),
  setBy: z.string().nullable(),
  setAt: z.string().nullable(),
});
export type LegalHold = z.infer<typeof legalHoldSchema>;

export const retentionPolicySchema = z.object({
  name: z.string(),
  label: z.string(),
  description: z.string(),
  minimumDays: z.number().int(),
  keepDays: z.number().int().nullable().describe('null: kept forever.'),
});
export type RetentionClassPolicy = z.infer<typeof retentionPolicySchema>;

/** GET /api/retention/policies and the PUTs that change them. */
export const retentionSettingsSchema = z
  .object({
    classes: z.array(retentionPolicySchema),
    legalHold: legalHoldSchema,
    lastPurge: z.object({ at: z.string(), summary: z.unknown() }).nullable(),
  })
  .meta({ id: 'RetentionSettings' });
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

export const retentionPreviewSchema = z
  .object({
    workspaceId: z.string(),
    asOf: z.string().describe('Pass it to POST /purge to remove exactly what this preview counted.'),
    legalHold: z.boolean(),
    classes: z.array(retentionPolicySchema.extend({ cutoff: z.string().nullable(), total: z.number().int(), ids: z.array(z.string()) })),
  })
  .meta({ id: 'RetentionPreview' });
export type RetentionPreview = z.infer<typeof retentionPreviewSchema>;

export const purgeReportSchema = z
  .object({
    workspaceId: z.string(),
    asOf: z.string(),
    heldBack: z.boolean(),
    classes: z.array(z.object({ name: z.string(), cutoff: z.string(), deleted: z.number().int(), failed: z.literal(true).optional() })),
  })
  .meta({ id: 'RetentionPurgeReport' });
export type PurgeReport = z.infer<typeof purgeReportSchema>;
