import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../../platform/http/index.js';
import { errors, type AppContext } from '../../platform/index.js';
import { finishedStatuses } from '../store/run-store.js';
import type { WorkflowRuntime } from '../runtime.js';
import { auditWorkflow } from './audit.js';
import { runView, stepView, toRunView, toStepView } from './views.js';

const idParams = z.object({ id: z.string().min(1).max(100) });
const statusSchema = z.enum(['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled']);

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
          querystring: z.object({ workflowId: z.string().max(100).optional(), status: statusSchema.optional(), from: z.iso.datetime().optional(), to: z.iso.datetime().optional(), cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: { 200: z.object({ items: z.array(runView), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        const { runs, nextCursor } = await engine().runs.list({ workspaceId, ...request.query });
        return { items: runs.map((r) => toRunView(r, false)), nextCursor };
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
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(500), offset: z.coerce.number().int().min(0).default(0) }),
          response: { 200: runView.extend({ steps: z.array(stepView) }) },
        },
      },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        const run = await engine().runs.getScoped(workspaceId, request.params.id);
        const steps = await engine().journal.timeline(run.id, request.query);
        return { ...toRunView(run), steps: steps.map(toStepView) };
      },
    );

    app.get(
      '/:id/outputs/:ref',
      { config: { permission: 'workflows:read' }, schema: { tags: ['runs'], summary: 'A large step output stored by reference.', params: idParams.extend({ ref: z.string().min(1).max(100) }), response: { 200: z.object({ output: z.unknown() }) } } },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        const run = await engine().runs.getScoped(workspaceId, request.params.id);
        const row = await ctx.db.selectFrom('workflow_blobs').select('data').where('id', '=', request.params.ref).where('run_id', '=', run.id).executeTakeFirst();
        if (!row) throw errors.notFound('Output', 'workflows.output_not_found');
        return { output: JSON.parse(row.data) as unknown };
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
          const again = await engine().startRun({ workspaceId, workflowId: run.workflow_id, version, triggerType: run.trigger_type, triggerData: JSON.parse(run.trigger_data) as unknown, mode: run.mode === 'dry' ? 'dry' : 'live' });
          await auditWorkflow(ctx, request, 'workflow.run.retried', { type: 'workflow_run', id: again.id }, { from: 'start', of: run.id });
          return reply.code(202).send(toRunView(again));
        }
        if (run.status === 'succeeded') throw errors.conflict('The run succeeded; re-run it from the start instead.', 'workflows.run.nothing_failed');
        await engine().retryFromFailed(run, version !== run.version ? version : undefined);
        await auditWorkflow(ctx, request, 'workflow.run.retried', { type: 'workflow_run', id: run.id }, { from: 'failed_step', version });
        return reply.code(202).send(toRunView(await engine().runs.getScoped(workspaceId, run.id)));
      },
    );
  };
}
