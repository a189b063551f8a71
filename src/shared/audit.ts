import { z } from 'zod';

/** Audit API shapes (server response schemas; the web app imports their types). zod only. */

export const actorTypeSchema = z.enum(['user', 'token', 'system']);
export const outcomeSchema = z.enum(['success', 'failure', 'denied']);

/** An audit entry as the API shows it. */
export const auditEntryViewSchema = z
  .object({
    id: z.string(),
    workspaceId: z.string().nullable(),
    seq: z.number().int(),
    occurredAt: z.string(),
    actor: z.object({ id: z.string().nullable(), type: actorTypeSchema }),
    action: z.string(),
    target: z
      .object({ type: z.string(), id: z.string(), name: z.string().nullable().optional().describe("the target's current name (workflow name, connection label, member name); null when it no longer exists") })
      .nullable(),
    outcome: outcomeSchema,
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

/** GET /api/audit: a page, newest first. */
export const auditPageSchema = z.object({ items: z.array(auditEntryViewSchema), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;

export const chainBreakSchema = z.object({
  seq: z.number().int().describe('Position in the chain where verification failed.'),
  entryId: z.string().nullable().describe('The entry found at or right after that position (null when none).'),
  reason: z.enum(['altered', 'missing', 'unlinked', 'truncated']),
  message: z.string(),
});

export const chainReportSchema = z
  .object({
    ok: z.boolean(),
    checked: z.number().int().describe('Entries whose hash and link were checked.'),
    firstSeq: z.number().int().describe('First seq still kept (earlier ones were removed by retention).'),
    headSeq: z.number().int(),
    headHash: z.string().nullable().describe('Hash of the newest entry: keep a copy elsewhere to detect a rewritten chain.'),
    firstBroken: chainBreakSchema.nullable(),
  })
  .meta({ id: 'AuditChainReport' });
export type ChainReport = z.infer<typeof chainReportSchema>;
