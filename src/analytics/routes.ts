import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, type AppContext } from '../platform/index.js';
import { requirePrincipal } from '../platform/http/index.js';
import { usageCsv, usageReport } from './usage-report.js';
import { usageAnalyticsSchema } from '../shared/analytics.js';

const dayOrTime = z.union([z.iso.date(), z.iso.datetime()]);

/** Usage analytics for admins: JSON for the dashboard, or CSV for spreadsheets. */
export function analyticsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/usage',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['analytics'],
          summary: 'Runs per day by workflow and status, AI tokens and cost by user and model, memory documents per source and searches per day.',
          querystring: z.object({
            from: dayOrTime.describe('Start (inclusive); default 30 days ago.').optional(),
            to: dayOrTime.describe('End (exclusive); default now.').optional(),
            format: z.enum(['json', 'csv']).default('json'),
          }),
          response: { 200: z.union([usageAnalyticsSchema, z.string()]) },
        },
      },
      async (request, reply) => {
        const { workspaceId } = requirePrincipal(request);
        const now = Date.now();
        const to = request.query.to ?? new Date(now + 1000).toISOString();
        const from = request.query.from ?? new Date(now - 30 * 86_400_000).toISOString();
        if (from >= to) throw errors.badRequest('`from` must be before `to`.', [{ field: 'query.from', message: 'must be before to' }]);
        const report = await usageReport(ctx.db, workspaceId, { from, to });
        if (request.query.format === 'csv') {
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="atom-usage-${from.slice(0, 10)}-${to.slice(0, 10)}.csv"`)
            .send(usageCsv(report));
        }
        return report;
      },
    );
  };
}
