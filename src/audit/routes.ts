import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../platform/http/index.js';
import { errors, type AppContext } from '../platform/index.js';
import { chainOf } from './chain.js';
import { auditActor, recordAudit } from './record.js';
import { auditFilterSchema, auditRepository, type AuditFilter } from './audit-repository.js';
import { isNamedTargetType, targetNames } from './target-names.js';
import { chainReportSchema, verifyChain } from './verify.js';
import { auditPageSchema } from '../shared/audit.js';
import { csvColumns, csvLine, toView } from './view.js';

const encodeCursor = (seq: number) => Buffer.from(`seq:${seq}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const m = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw errors.badRequest('The cursor is not one this API returned.', [{ field: 'query.cursor', message: 'is not a valid cursor' }], 'audit.invalid_cursor');
  return Number(m[1]);
}

const listQuery = auditFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(100).optional().describe('nextCursor of the previous page.'),
});
const exportQuery = auditFilterSchema.extend({ format: z.enum(['jsonl', 'csv']).default('jsonl') });

/** GET /api/audit, /verify and /export: a workspace's own entries only. */
export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const repo = auditRepository(ctx.db);

    app.get(
      '',
      {
        config: { permission: 'audit:read' },
        schema: {
          tags: ['audit'],
          summary: 'Audit entries of the workspace, newest first, filtered by actor, action, target, outcome and time.',
          querystring: listQuery,
          response: { 200: auditPageSchema },
        },
      },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        const { limit, cursor, ...filter } = request.query;
        const rows = await repo.search(workspaceId, filter, { limit: limit + 1, beforeSeq: cursor ? decodeCursor(cursor) : undefined });
        const page = rows.slice(0, limit).map(toView);
        // Names for people; the export keeps ids only (it is the record, names change).
        const names = await targetNames(ctx.db, workspaceId, page.flatMap((e) => (e.target ? [e.target] : [])));
        const items = page.map((e) => (e.target && isNamedTargetType(e.target.type) ? { ...e, target: { ...e.target, name: names.get(`${e.target.type}:${e.target.id}`) ?? null } } : e));
        return { items, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.seq) : null };
      },
    );

    app.get(
      '/verify',
      {
        config: { permission: 'audit:read' },
        schema: {
          tags: ['audit'],
          summary: "Checks the workspace's hash chain and reports the first broken link (an entry altered or removed).",
          response: { 200: chainReportSchema },
        },
      },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        const report = await verifyChain(ctx.db, chainOf(workspaceId));
        if (!report.ok) ctx.logger.warn({ workspaceId, firstBroken: report.firstBroken }, 'audit chain verification failed');
        return report;
      },
    );

    app.get(
      '/export',
      {
        config: { permission: 'audit:read' },
        schema: {
          tags: ['audit'],
          summary: 'Streams the matching entries, oldest first, as JSON lines (one AuditEntry per line) or CSV.',
          querystring: exportQuery,
          produces: ['application/x-ndjson', 'text/csv'],
          response: { 200: z.unknown().describe('JSON lines (one AuditEntry per line) or CSV with a header row, streamed.') },
        },
      },
      async (request, reply) => {
        const { workspaceId } = requirePrincipal(request);
        const { format, ...filter } = request.query;
        // Exporting the trail is itself worth a line in it.
        await recordAudit(ctx.db, { ...auditActor(request), action: 'audit.exported', outcome: 'success', details: { format, filter } });
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        void reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="atom-audit-${stamp}.${format}"`)
          .header('cache-control', 'no-store');
        return reply.send(Readable.from(exportLines(ctx, workspaceId, filter, format)));
      },
    );
  };
}

/** Oldest first, in pages, so an export of any size streams in constant memory. */
async function* exportLines(ctx: AppContext, workspaceId: string, filter: AuditFilter, format: 'jsonl' | 'csv') {
  if (format === 'csv') yield `${csvColumns.join(',')}\r\n`;
  const repo = auditRepository(ctx.db);
  for (let after = 0; ; ) {
    const rows = await repo.search(workspaceId, filter, { limit: 500, afterSeq: after });
    if (rows.length === 0) return;
    yield rows.map((r) => (format === 'csv' ? csvLine(toView(r)) : `${JSON.stringify(toView(r))}\n`)).join('');
    after = rows[rows.length - 1]!.seq;
  }
}
