import type { FastifyRequest } from 'fastify';
import { auditActor, recordAudit } from '../../audit/index.js';
import type { AppContext } from '../../platform/index.js';

/** Records a workflow change, activation or run request in the workspace's audit log. */
export async function auditWorkflow(ctx: AppContext, request: FastifyRequest, action: string, target: { type: 'workflow' | 'workflow_run' | 'workflow_secret'; id: string }, details?: Record<string, unknown>): Promise<void> {
  try {
    await recordAudit(ctx.db, { ...auditActor(request), action, outcome: 'success', target, ...(details ? { details } : {}) });
  } catch (err) {
    ctx.logger.error({ err, action }, 'could not record the audit entry');
  }
}
