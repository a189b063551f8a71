import { sql, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import type { Database } from '../platform/index.js';
import { chainOf } from './chain.js';
import { actorTypeSchema, outcomeSchema } from './record.js';
import type { AuditLogTable } from './tables.js';

export type AuditRow = Selectable<AuditLogTable>;

const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 time such as 2026-11-26T10:00:00Z' }).transform((v) => new Date(v).toISOString());

/** Filters shared by the list and the export. */
export const auditFilterSchema = z.object({
  actor: z.string().min(1).optional().describe('Actor id (user id).'),
  actorType: actorTypeSchema.optional(),
  action: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Exact action, or a prefix ending in `*` (e.g. `auth.*`).'),
  targetType: z.string().min(1).optional(),
  targetId: z.string().min(1).optional(),
  outcome: outcomeSchema.optional(),
  since: isoTime.optional().describe('Entries at or after this time.'),
  until: isoTime.optional().describe('Entries before this time.'),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Reads of the audit log; writes only go through recordAudit (append) and the retention purge. */
export function auditRepository(db: Kysely<Database>) {
  return {
    /** A workspace's entries matching the filter: newest first before `beforeSeq`, or oldest first after `afterSeq`. */
    search(
      workspaceId: string,
      filter: AuditFilter,
      page: { limit: number; beforeSeq?: number | undefined; afterSeq?: number | undefined },
    ): Promise<AuditRow[]> {
      return db
        .selectFrom('audit_log')
        .selectAll()
        // The chain equals the workspace; filtering on it lets (chain, seq) serve the order and the cursor.
        .where('chain', '=', chainOf(workspaceId))
        .where('workspace_id', '=', workspaceId)
        .$if(filter.actor !== undefined, (q) => q.where('actor_id', '=', filter.actor!))
        .$if(filter.actorType !== undefined, (q) => q.where('actor_type', '=', filter.actorType!))
        .$if(filter.action !== undefined, (q) =>
          filter.action!.endsWith('*')
            ? // LIKE with an escaped prefix: PostgreSQL estimates its selectivity (substr() it cannot), so it walks
              // (chain, seq) instead of sorting the whole workspace. Actions are lower-case on both dialects.
              q.where(sql<boolean>`action like ${`${likeEscape(filter.action!.slice(0, -1).toLowerCase())}%`} escape '\\'`)
            : q.where('action', '=', filter.action!),
        )
        .$if(filter.targetType !== undefined, (q) => q.where('target_type', '=', filter.targetType!))
        .$if(filter.targetId !== undefined, (q) => q.where('target_id', '=', filter.targetId!))
        .$if(filter.outcome !== undefined, (q) => q.where('outcome', '=', filter.outcome!))
        .$if(filter.since !== undefined, (q) => q.where('occurred_at', '>=', filter.since!))
        .$if(filter.until !== undefined, (q) => q.where('occurred_at', '<', filter.until!))
        .$if(page.beforeSeq !== undefined, (q) => q.where('seq', '<', page.beforeSeq!))
        .$if(page.afterSeq !== undefined, (q) => q.where('seq', '>', page.afterSeq!))
        .orderBy('seq', page.afterSeq !== undefined ? 'asc' : 'desc')
        .limit(page.limit)
        .execute();
    },

    /** One chain's rows in order, after a seq (for verification and purges). */
    chainRows(chain: string, afterSeq: number, limit: number): Promise<AuditRow[]> {
      return db.selectFrom('audit_log').selectAll().where('chain', '=', chain).where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(limit).execute();
    },

    head(chain: string) {
      return db.selectFrom('audit_chain_head').selectAll().where('chain', '=', chain).executeTakeFirst();
    },
  };
}
