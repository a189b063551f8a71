import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActor, recordAudit } from '../audit/index.js';
import { requirePrincipal } from '../platform/http/index.js';
import { errors, parseJsonColumn, type AppContext } from '../platform/index.js';
import { retentionPolicies } from './policies.js';
import { previewRetention, purgeWorkspace } from './purge.js';
import { retentionClass, retentionClasses } from './registry.js';
import { startRetentionSchedule } from './schedule.js';
import { purgeReportSchema, retentionPreviewSchema, retentionSettingsSchema } from '../shared/retention.js';

const asOfSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 time such as 2026-11-26T10:00:00Z' })
  .refine((v) => Date.parse(v) <= Date.now() + 60_000, { error: 'must not be in the future' });

/** Retention policies, legal hold, dry-run preview and on-demand purge; starts the scheduled purge. */
export function retentionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const policies = retentionPolicies(ctx.db);
    const stop = startRetentionSchedule(ctx);
    app.addHook('onClose', async () => stop());

    const settingsOf = async (workspaceId: string) => {
      const keep = await policies.keepDaysByClass(workspaceId);
      const ws = await policies.workspace(workspaceId);
      return {
        classes: retentionClasses(ctx).map((c) => ({
          name: c.name,
          label: c.label,
          description: c.description,
          minimumDays: c.minimumDays ?? 1,
          keepDays: keep.get(c.name) ?? null,
        })),
        legalHold: await policies.legalHold(workspaceId),
        lastPurge: ws?.last_purge_at ? { at: ws.last_purge_at, summary: ws.last_purge_summary === null ? null : parseJsonColumn(z.unknown(), ws.last_purge_summary, { column: 'retention_workspace.last_purge_summary' }) } : null,
      };
    };

    app.get(
      '/policies',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['retention'],
          summary: 'Retention period of every data class, the legal hold and the last purge.',
          response: { 200: retentionSettingsSchema },
        },
      },
      async (request) => settingsOf(requirePrincipal(request).workspaceId),
    );

    app.put(
      '/policies/:dataClass',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['retention'],
          summary: 'Sets how many days a data class is kept (null: forever).',
          params: z.object({ dataClass: z.string().min(1).max(64) }),
          body: z.object({ keepDays: z.number().int().min(1).max(36_500).nullable() }),
          response: { 200: retentionSettingsSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request);
        const c = retentionClass(ctx, request.params.dataClass);
        if (!c) throw errors.notFound(`Data class ${request.params.dataClass}`, 'retention.unknown_class');
        const { keepDays } = request.body;
        const minimum = c.minimumDays ?? 1;
        if (keepDays !== null && keepDays < minimum) {
          throw errors.badRequest(`${c.label} must be kept at least ${minimum} days.`, [{ field: 'body.keepDays', message: `must be at least ${minimum}` }], 'retention.period_too_short');
        }
        const before = (await policies.keepDaysByClass(principal.workspaceId)).get(c.name) ?? null;
        await policies.setKeepDays(principal.workspaceId, c.name, keepDays, principal.userId);
        await recordAudit(ctx.db, {
          ...auditActor(request),
          action: 'retention.policy_updated',
          outcome: 'success',
          target: { type: 'retention_class', id: c.name },
          details: { before, after: keepDays },
        });
        return settingsOf(principal.workspaceId);
      },
    );

    app.put(
      '/legal-hold',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['retention'],
          summary: 'Turns the legal hold on (every purge of the workspace is suspended) or off.',
          body: z.object({ enabled: z.boolean(), reason: z.string().trim().max(500).optional() }),
          response: { 200: retentionSettingsSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request);
        const { enabled, reason } = request.body;
        await policies.setLegalHold(principal.workspaceId, enabled, reason ?? null, principal.userId);
        await recordAudit(ctx.db, {
          ...auditActor(request),
          action: enabled ? 'retention.legal_hold_enabled' : 'retention.legal_hold_disabled',
          outcome: 'success',
          target: { type: 'workspace', id: principal.workspaceId },
          ...(reason ? { details: { reason } } : {}),
        });
        return settingsOf(principal.workspaceId);
      },
    );

    app.get(
      '/preview',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['retention'],
          summary: 'Dry run: what a purge now would remove, per data class (changes nothing).',
          querystring: z.object({
            dataClass: z.string().min(1).max(64).optional(),
            limit: z.coerce.number().int().min(0).max(10_000).default(100).describe('How many ids to list per class.'),
            asOf: asOfSchema.optional(),
          }),
          response: { 200: retentionPreviewSchema },
        },
      },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        const { dataClass, limit, asOf } = request.query;
        if (dataClass && !retentionClass(ctx, dataClass)) throw errors.notFound(`Data class ${dataClass}`, 'retention.unknown_class');
        return previewRetention(ctx, workspaceId, { idLimit: limit, ...(dataClass ? { dataClass } : {}), ...(asOf ? { asOf: new Date(asOf) } : {}) });
      },
    );

    app.post(
      '/purge',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['retention'],
          summary: 'Runs the purge for this workspace now (refused with 409 while a legal hold is on).',
          body: z.object({ asOf: asOfSchema.optional() }).default({}),
          response: { 200: purgeReportSchema },
        },
      },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        if ((await policies.legalHold(workspaceId)).enabled) {
          await recordAudit(ctx.db, { ...auditActor(request), action: 'retention.purge_refused', outcome: 'denied', details: { reason: 'legal_hold' } });
          throw errors.conflict('A legal hold is on: purges are suspended until it is lifted.', 'retention.legal_hold');
        }
        const { asOf } = request.body;
        const { workspaceId: _ws, ...actor } = auditActor(request);
        return purgeWorkspace(ctx, workspaceId, { actor, ...(asOf ? { asOf: new Date(asOf) } : {}) });
      },
    );
  };
}
