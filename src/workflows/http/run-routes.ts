import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userRepository } from '../../auth/index.js';
import { assertCan } from '../../platform/access/index.js';
import { requirePrincipal } from '../../platform/http/index.js';
import { errors, parseJsonColumn, type AppContext } from '../../platform/index.js';
import { approvalDecision, runPage, runStatusSchema, runView, runWithTimeline } from '../../shared/workflows.js';
import { findStep } from '../definition/walk.js';
import { finishedStatuses } from '../repositories/run-repository.js';
import type { WorkflowRuntime } from '../runtime.js';
import { auditWorkflow } from './audit.js';
import { workflowNames } from './names.js';
import { toRunView, toStepView } from './views.js';
import { idParams } from './workflow-schemas.js';

const runListQuery = z.object({
  workflowId: z.string().max(100).optional(),
  status: runStatusSchema.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const timelineQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(500), offset: z.coerce.number().int().min(0).default(0) });

/** /api/runs: the paged, filtered history; the timeline; cancel and retry. */
export function runRoutes(ctx: AppContext, runtime: () => WorkflowRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    const engine = () => runtime().engine;

    app.get(
      '',
      {
        config: { permission: 'workflows:read' },
        schema: {
          tags: ['runs'],
          summary: 'Runs of the workspace, newest first, by cursor; filter by workflow, status and time.',
          querystring: runListQuery,
          response: { 200: runPage },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const { runs, nextCursor } = await engine().runs.list({ workspaceId: p.workspaceId, ...request.query });
        const names = await workflowNames(ctx, p, runs.map((r) => r.workflow_id));
        return { items: runs.map((r) => ({ ...toRunView(r, false), workflowName: names.get(r.workflow_id) ?? null })), nextCursor };
      },
    );

    app.get(
      '/:id',
      {
        config: { permission: 'workflows:read' },
        schema: {
          tags: ['runs'],
          summary: 'A run with its timeline: per step status, attempt, timings, input, output, logs and error.',
          params: idParams,
          querystring: timelineQuery,
          response: { 200: runWithTimeline },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const run = await engine().runs.getScoped(p.workspaceId, request.params.id);
        const steps = await engine().journal.timeline(run.id, request.query);
        const names = await workflowNames(ctx, p, [run.workflow_id]);
        return { ...toRunView(run), workflowName: names.get(run.workflow_id) ?? null, steps: steps.map(toStepView) };
      },
    );

    app.get(
      '/:id/outputs/:ref',
      { config: { permission: 'workflows:read' }, schema: { tags: ['runs'], summary: 'A large step output stored by reference.', params: idParams.extend({ ref: z.string().min(1).max(100) }), response: { 200: z.object({ output: z.unknown() }) } } },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        const run = await engine().runs.getScoped(workspaceId, request.params.id);
        const blob = await engine().runs.storedOutput(run.id, request.params.ref);
        if (!blob.found) throw errors.notFound('Output', 'workflows.output_not_found');
        return { output: blob.output };
      },
    );

    app.post('/:id/cancel', { config: { permission: 'workflows:run' }, schema: { tags: ['runs'], summary: 'Cancels a run: it stops at once (a running action is aborted).', params: idParams, response: { 200: runView } } }, async (request) => {
      const { workspaceId } = requirePrincipal(request);
      const run = await engine().runs.getScoped(workspaceId, request.params.id);
      if (finishedStatuses.includes(run.status)) throw errors.conflict(`The run already ${run.status === 'cancelled' ? 'was cancelled' : run.status}.`, 'workflows.run.finished');
      await engine().cancel(run.id);
      await auditWorkflow(ctx, request, 'workflow.run.cancelled', { type: 'workflow_run', id: run.id });
      return toRunView(await engine().runs.getScoped(workspaceId, run.id));
    });

    app.post(
      '/:id/retry',
      {
        config: { permission: 'workflows:run' },
        schema: {
          tags: ['runs'],
          summary: 'Re-runs a finished run: from its failed step (finished steps kept) or from the start with the same trigger data; on the run\'s version or the current one.',
          params: idParams,
          body: z.object({ from: z.enum(['failed_step', 'start']).default('failed_step'), version: z.enum(['run', 'current']).default('run') }).default({ from: 'failed_step', version: 'run' }),
          response: { 202: runView },
        },
      },
      async (request, reply) => {
        const { workspaceId } = requirePrincipal(request);
        const run = await engine().runs.getScoped(workspaceId, request.params.id);
        if (!finishedStatuses.includes(run.status)) throw errors.conflict('The run has not finished yet.', 'workflows.run.not_finished');
        let version = run.version;
        if (request.body.version === 'current') {
          const wf = await engine().workflows.get(workspaceId, run.workflow_id);
          version = wf.publishedVersion ?? wf.latestVersion;
        }
        if (request.body.from === 'start') {
          const again = await engine().startRun({ workspaceId, workflowId: run.workflow_id, version, triggerType: run.trigger_type, triggerData: parseJsonColumn(z.unknown(), run.trigger_data, { column: 'workflow_runs.trigger_data' }), mode: run.mode === 'dry' ? 'dry' : 'live' });
          await auditWorkflow(ctx, request, 'workflow.run.retried', { type: 'workflow_run', id: again.id }, { from: 'start', of: run.id });
          return reply.code(202).send(toRunView(again));
        }
        if (run.status === 'succeeded') throw errors.conflict('The run succeeded; re-run it from the start instead.', 'workflows.run.nothing_failed');
        await engine().retryFromFailed(run, version !== run.version ? version : undefined);
        await auditWorkflow(ctx, request, 'workflow.run.retried', { type: 'workflow_run', id: run.id }, { from: 'failed_step', version });
        return reply.code(202).send(toRunView(await engine().runs.getScoped(workspaceId, run.id)));
      },
    );

    app.post(
      '/:id/approval',
      {
        config: { permission: 'workflows:read' },
        schema: {
          tags: ['runs'],
          summary: "Approves or rejects the run's waiting approval step, as the signed-in member: one who may run the workflow, or one of the approvers the step names. The step's output and the audit log record who decided.",
          params: idParams,
          body: z.object({
            decision: z.enum(['approve', 'reject']),
            stepKey: z.string().min(1).max(500).optional().describe('Which waiting approval, when the run waits for more than one (the step\'s stepKey).'),
            comment: z.string().trim().max(2000).optional(),
          }),
          response: { 202: approvalDecision },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const run = await engine().runs.getScoped(p.workspaceId, request.params.id);
        const waiting = [...(await engine().journal.load(run.id)).values()].filter((e) => e.status === 'waiting' && e.stepType === 'wait_for_approval');
        const { stepKey, decision, comment } = request.body;
        const entry = stepKey ? waiting.find((e) => e.stepKey === stepKey) : waiting.length === 1 ? waiting[0] : undefined;
        if (!entry) {
          if (!stepKey && waiting.length > 1) throw errors.badRequest('The run waits for more than one approval: name the step.', [{ field: 'body.stepKey', message: 'required when several approvals wait' }], 'workflows.approval.step_required');
          throw errors.conflict('No approval of this run is waiting for an answer.', 'workflows.approval.not_waiting');
        }
        const step = findStep((await engine().definitionOf(run)).steps, entry.stepId);
        const approverIds = step?.type === 'wait_for_approval' && step.approvers ? await approverIdsOf(ctx, step.approvers) : undefined;
        assertCan(p, 'approve', { kind: 'run', workspaceId: run.workspace_id, workflowId: run.workflow_id, ...(approverIds ? { approverIds } : {}) });

        const me = await userRepository(ctx.db).findById(p.userId);
        const approved = decision === 'approve';
        const outcome = approved ? 'approved' : 'rejected';
        const answered = await engine().decide(run, entry.stepKey, {
          approved,
          decision: outcome,
          decidedBy: { userId: p.userId, name: me?.name ?? '', email: me?.email ?? '' },
          decidedAt: new Date().toISOString(),
          ...(comment ? { comment } : {}),
        });
        if (!answered) throw errors.conflict('No approval of this run is waiting for an answer.', 'workflows.approval.not_waiting');
        await auditWorkflow(ctx, request, `workflow.run.${outcome}`, { type: 'workflow_run', id: run.id }, { workflowId: run.workflow_id, stepKey: entry.stepKey, ...(comment ? { comment } : {}) });
        return reply.code(202).send({ runId: run.id, stepKey: entry.stepKey, decision: outcome });
      },
    );
  };
}

/**
 * The user ids a step's `approvers` (user ids or e-mail addresses) name. The names themselves stay in the
 * list (an address is never a user id), so a step naming only unknown people is decided by nobody rather
 * than by everyone.
 */
async function approverIdsOf(ctx: AppContext, approvers: readonly string[]): Promise<string[]> {
  const byEmail = await userRepository(ctx.db).idsByEmails(approvers.filter((a) => a.includes('@')));
  return [...approvers, ...byEmail];
}
