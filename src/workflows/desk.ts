import { recordAudit } from '../audit/index.js';
import { memberActor } from '../auth/index.js';
import { errors, isAppError, type AppContext } from '../platform/index.js';
import { workflowDefinitionSchema } from './definition/schema.js';
import { assertValid } from './definition/validate.js';
import { workflowRuntime } from './runtime.js';
import { runErrorOf } from './repositories/run-repository.js';

/**
 * What another domain (the chat agent) may do with workflows, as plain calls scoped by workspace: list,
 * save a draft, start a run, read a run's status. The same rules as the API apply: drafts are saved
 * inactive, a run uses the published version (or the latest draft when nothing is published).
 */
export function workflowDesk(ctx: AppContext) {
  const engine = () => workflowRuntime(ctx).engine;
  const asError = (e: unknown) =>
    isAppError(e) ? { code: e.code, message: e.message } : typeof e === 'object' && e !== null && 'message' in e ? { code: String((e as { code?: unknown }).code ?? 'error'), message: String((e as { message: unknown }).message) } : undefined;

  return {
    async list(workspaceId: string) {
      const rows = await engine().workflows.list(workspaceId, { limit: 200 });
      const out = [];
      for (const w of rows) {
        const last = (await engine().runs.list({ workspaceId, workflowId: w.id, limit: 1 })).runs[0];
        out.push({ id: w.id, name: w.name, active: w.active, ...(last ? { lastRunStatus: last.status } : {}) });
      }
      return out;
    },

    async saveDraft(q: { workspaceId: string; userId: string; name: string; definition: unknown; source?: 'chat' | 'from_text'; actorType?: 'user' | 'token' }) {
      const parsed = workflowDefinitionSchema.safeParse(q.definition);
      if (!parsed.success) throw errors.badRequest(`The workflow is not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const source = q.source ?? 'chat';
      const wf = await engine().workflows.create({ workspaceId: q.workspaceId, name: q.name, definition: parsed.data, author: q.userId, message: source === 'chat' ? 'Drafted from chat' : 'Drafted from a description' });
      // A drafted workflow is a change like any other: it is in the audit log, saying where it came from.
      try {
        await recordAudit(ctx.db, { workspaceId: q.workspaceId, actorId: q.userId, actorType: q.actorType ?? 'user', action: 'workflow.drafted', outcome: 'success', target: { type: 'workflow', id: wf.id }, details: { source, name: q.name } });
      } catch (err) {
        ctx.logger.error({ err, action: 'workflow.drafted' }, 'could not record the audit entry');
      }
      return { id: wf.id };
    },

    async run(q: { workspaceId: string; userId: string; workflowId: string; input?: unknown }) {
      const wf = await engine().workflows.get(q.workspaceId, q.workflowId);
      const version = await engine().workflows.getVersion(q.workspaceId, wf.id, wf.publishedVersion ?? wf.latestVersion);
      await assertValid(version.definition, {
        actions: workflowRuntime(ctx).actions,
        workflowId: wf.id,
        workspaceId: q.workspaceId,
        // The run acts for the version's author: their connections count, as they may use them now.
        actor: await memberActor(ctx, q.workspaceId, version.author, 'run'),
        secretNames: await workflowRuntime(ctx).secrets.names(q.workspaceId),
        lookupWorkflow: async (id: string) => {
          const sub = await engine().workflows.get(q.workspaceId, id).catch(() => undefined);
          return sub?.publishedVersion ? (await engine().workflows.getVersion(q.workspaceId, id, sub.publishedVersion)).definition : undefined;
        },
      });
      const run = await engine().startRun({ workspaceId: q.workspaceId, workflowId: wf.id, version: version.version, triggerType: 'manual', triggerData: q.input ?? {} });
      return { runId: run.id };
    },

    /** Failed runs of the workspace since a time, newest first, with their workflow's name (for "what failed today"). */
    async failedRuns(q: { workspaceId: string; since: string; limit: number }) {
      const { runs } = await engine().runs.list({ workspaceId: q.workspaceId, status: 'failed', from: q.since, limit: q.limit });
      const names = new Map<string, string>();
      const out = [];
      for (const r of runs) {
        if (!names.has(r.workflow_id)) names.set(r.workflow_id, (await engine().workflows.get(q.workspaceId, r.workflow_id).catch(() => undefined))?.name ?? 'a deleted workflow');
        const err = runErrorOf(r);
        out.push({
          runId: r.id,
          workflowId: r.workflow_id,
          workflowName: names.get(r.workflow_id)!,
          createdAt: r.created_at,
          ...(err ? { error: { code: err.code ?? 'error', message: err.message ?? 'failed', ...(err.stepId ? { stepId: err.stepId } : {}) } } : {}),
        });
      }
      return out;
    },

    async runStatus(q: { workspaceId: string; runId: string }) {
      let run;
      try {
        run = await engine().runs.getScoped(q.workspaceId, q.runId);
      } catch (e) {
        if (isAppError(e) && e.status === 404) return undefined;
        throw e;
      }
      const steps = await engine().journal.timeline(run.id, { limit: 500, offset: 0 });
      const runError = runErrorOf(run);
      return {
        runId: run.id,
        workflowId: run.workflow_id,
        status: run.status,
        ...(run.started_at ? { startedAt: run.started_at } : {}),
        ...(run.finished_at ? { finishedAt: run.finished_at } : {}),
        ...(runError ? { error: { code: runError.code ?? 'error', message: runError.message ?? 'failed', ...(runError.stepId ? { stepId: runError.stepId } : {}) } } : {}),
        steps: steps.map((s) => {
          const err = s.error === undefined || s.error === null ? undefined : asError(s.error);
          return { id: s.stepId, status: s.status, ...(err ? { error: err } : {}) };
        }),
      };
    },
  };
}

export type WorkflowDesk = ReturnType<typeof workflowDesk>;
