import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { memberActor } from '../../auth/index.js';
import { connectionRepository } from '../../integrations/connections/connection-repository.js';
import { connectionUseProblem } from '../../integrations/connections/use.js';
import { integrationTriggers } from '../../integrations/registry.js';
import { integrationTriggerProblems } from '../../integrations/triggers/activation.js';
import type { Actor } from '../../platform/access/index.js';
import { requirePrincipal, type Principal } from '../../platform/http/index.js';
import { errors, type AppContext } from '../../platform/index.js';
import { createVault } from '../../vault/index.js';
import { workflowJsonSchema, type WorkflowDefinition } from '../definition/schema.js';
import { describeIssues } from '../definition/describe.js';
import { assertValid, validateDefinition } from '../definition/validate.js';
import { findStep } from '../definition/walk.js';
import { hashToken } from '../tokens.js';
import { testStep } from '../engine/step-test.js';
import type { WorkflowRuntime } from '../runtime.js';
import { diffDefinitions } from '../versions/diff.js';
import { versionDiffSchema } from '../../shared/workflow-diff.js';
import { auditWorkflow } from './audit.js';
import { memberNames } from './names.js';
import { exportedWorkflow, parseDefinition, runView, toRunView, toStepView, toWorkflowView, webhookView, workflowView } from './views.js';
import {
  actionList,
  activatedWorkflow,
  createWorkflowBody,
  diffQuery,
  draftBody,
  exportedWorkflows,
  idParams,
  importBody,
  importedWorkflows,
  issuesView,
  jsonObject,
  rollbackBody,
  runRequestBody,
  sampleBody,
  savedVersion,
  saveVersionBody,
  stepParams,
  stepTestBody,
  stepTestResult,
  versionChoiceBody,
  versionDetail,
  versionList,
  versionParams,
  workflowDetail,
  workflowListQuery,
  workflowPage,
  type VersionRef,
} from './workflow-schemas.js';
import { announceWorkflowRemoved } from '../removal.js';


/** /api/workflows: CRUD, versions, diff, rollback, activation, runs, step tests, export/import. */
export function workflowRoutes(ctx: AppContext, runtime: () => WorkflowRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    const store = () => runtime().engine.workflows;
    const vault = createVault(ctx);
    /**
     * `environment`: also check what the workspace must provide (connections, secrets). Activation and live
     * runs need them; publishing an earlier version of an inactive workflow or a dry run does not.
     */
    // `probe`: also ask the service whether an integration trigger's table, mailbox or feed exists (activation).
    const validationOptions = async (workspaceId: string, workflowId?: string, environment = true, actor?: Actor, probe = false) => ({
      actions: runtime().actions,
      ...(environment ? { workspaceId, secretNames: await runtime().secrets.names(workspaceId), actor, checkTriggerConnection: triggerConnection } : {}),
      checkIntegrationTrigger: (t: Parameters<typeof integrationTriggerProblems>[2], ws: string | undefined, who: Actor | undefined) => integrationTriggerProblems(ctx, integrationTriggers, t, { workspaceId: ws, actor: who, probe }),
      ...(workflowId ? { workflowId } : {}),
      lookupWorkflow: async (id: string) => {
        const wf = await store().get(workspaceId, id).catch(() => undefined);
        if (!wf?.publishedVersion) return undefined;
        return (await store().getVersion(workspaceId, id, wf.publishedVersion)).definition;
      },
    });
    const triggerConnection = (workspaceId: string, connectionId: string, actor: Actor | undefined) => connectionUseProblem(connectionRepository(ctx.db), workspaceId, connectionId, actor);
    /** Whom a version's runs act for: its author, as the policy sees them now (the caller, when it is them). */
    const authorOf = async (p: Principal, author: string): Promise<Actor> => (author === p.userId ? p : memberActor(ctx, p.workspaceId, author, 'run'));
    const resolveVersion = async (workspaceId: string, id: string, ref: VersionRef) => {
      const wf = await store().get(workspaceId, id);
      const v = ref === 'published' ? wf.publishedVersion : ref === 'latest' ? wf.latestVersion : ref;
      if (!v) throw errors.conflict('The workflow has no published version yet; activate it or run the latest draft.', 'workflows.not_published');
      return store().getVersion(workspaceId, id, v);
    };
    /** A new webhook token (and HMAC secret when the trigger asks for one); shown once. */
    const issueWebhook = async (workspaceId: string, id: string, def: WorkflowDefinition) => {
      const t = def.trigger;
      // A push-mode integration trigger receives at the same URL; its secret is issued unless it names one.
      const push = t.type === 'integration' && t.mode === 'push';
      if (t.type !== 'webhook' && !push) return undefined;
      const token = `whk_${randomBytes(24).toString('base64url')}`;
      const hmacSecret = (t.type === 'webhook' && t.hmac) || (push && !t.signingSecret) ? randomBytes(32).toString('hex') : undefined;
      await store().update(workspaceId, id, { webhook_token_hash: hashToken(token), webhook_hmac_sealed: hmacSecret ? vault.seal(hmacSecret) : null });
      return { url: `${ctx.config.ATOM_PUBLIC_URL ?? ''}/api/hooks/${token}`, ...(hmacSecret ? { hmacSecret } : {}) };
    };

    app.get('/schema', { config: { permission: 'workflows:read' }, schema: { tags: ['workflows'], summary: 'The workflow definition format as JSON Schema.', response: { 200: jsonObject } } }, async () => workflowJsonSchema() as Record<string, unknown>);

    app.get(
      '/actions',
      { config: { permission: 'workflows:read' }, schema: { tags: ['workflows'], summary: 'Actions steps can call, with their input schemas.', response: { 200: actionList } } },
      async () => ({
        items: runtime().actions.list().map((a) => ({ id: a.id, title: a.title, description: a.description, ...(a.aiDescription ? { aiDescription: a.aiDescription } : {}), idempotent: a.idempotent, sideEffect: a.sideEffect, input: z.toJSONSchema(a.input, { unrepresentable: 'any', io: 'input' }) })),
      }),
    );

    app.get(
      '',
      {
        config: { permission: 'workflows:read' },
        schema: {
          tags: ['workflows'],
          summary: 'Workflows of the workspace, newest first (order=oldest: oldest first), by cursor.',
          querystring: workflowListQuery,
          response: { 200: workflowPage },
        },
      },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        const rows = await store().list(workspaceId, { limit: request.query.limit + 1, after: request.query.cursor, newestFirst: request.query.order === 'newest' });
        const page = rows.slice(0, request.query.limit);
        return { items: page.map(toWorkflowView), nextCursor: rows.length > request.query.limit ? (page.at(-1)?.id ?? null) : null };
      },
    );

    app.post(
      '',
      { config: { permission: 'workflows:write' }, schema: { tags: ['workflows'], summary: 'Creates a workflow (version 1, a draft until activated).', body: createWorkflowBody, response: { 201: workflowView } } },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const def = parseDefinition(request.body.definition);
        const wf = await store().create({ workspaceId: p.workspaceId, name: request.body.name, description: request.body.description ?? '', definition: def, author: p.userId, ...(request.body.message ? { message: request.body.message } : {}) });
        await auditWorkflow(ctx, request, 'workflow.created', { type: 'workflow', id: wf.id }, { name: wf.name });
        return reply.code(201).send(toWorkflowView(wf));
      },
    );

    app.get(
      '/:id',
      { config: { permission: 'workflows:read' }, schema: { tags: ['workflows'], summary: 'A workflow with its latest (draft) and published definitions.', params: idParams, response: { 200: workflowDetail } } },
      async (request) => {
        const p = requirePrincipal(request);
        const { workspaceId } = p;
        const wf = await store().get(workspaceId, request.params.id);
        const draft = await store().getVersion(workspaceId, wf.id, wf.latestVersion);
        const published = wf.publishedVersion ? (wf.publishedVersion === wf.latestVersion ? draft : await store().getVersion(workspaceId, wf.id, wf.publishedVersion)) : null;
        const names = await memberNames(ctx, p, [wf.createdBy]);
        return { ...toWorkflowView(wf), draft: draft.definition, published: published?.definition ?? null, createdByName: names.get(wf.createdBy) ?? null };
      },
    );

    app.put(
      '/:id',
      { config: { permission: 'workflows:write' }, schema: { tags: ['workflows'], summary: 'Saves a new immutable version (a draft until published).', params: idParams, body: saveVersionBody, response: { 200: savedVersion } } },
      async (request) => {
        const p = requirePrincipal(request);
        const v = await store().saveVersion(p.workspaceId, request.params.id, { definition: parseDefinition(request.body.definition), name: request.body.name, description: request.body.description, author: p.userId, message: request.body.message });
        await auditWorkflow(ctx, request, 'workflow.updated', { type: 'workflow', id: request.params.id }, { version: v.version, message: v.message });
        return { version: v.version, author: v.author, message: v.message, createdAt: v.createdAt };
      },
    );

    app.delete('/:id', { config: { permission: 'workflows:write' }, schema: { tags: ['workflows'], summary: 'Deletes a workflow and its versions (its runs stay until pruned).', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
      const { workspaceId } = requirePrincipal(request);
      await store().remove(workspaceId, request.params.id);
      await announceWorkflowRemoved(ctx, { workspaceId, workflowId: request.params.id });
      await auditWorkflow(ctx, request, 'workflow.deleted', { type: 'workflow', id: request.params.id });
      return reply.code(204).send(null);
    });

    app.post(
      '/:id/validate',
      { config: { permission: 'workflows:read' }, schema: { tags: ['workflows'], summary: 'Validates a version (latest by default) as activation would, naming step and field of each problem.', params: idParams, body: versionChoiceBody, response: { 200: issuesView } } },
      async (request) => {
        const p = requirePrincipal(request);
        const { workspaceId } = p;
        const v = await resolveVersion(workspaceId, request.params.id, request.body.version);
        const issues = await validateDefinition(v.definition, await validationOptions(workspaceId, request.params.id, true, await authorOf(p, v.author), true));
        return { valid: issues.length === 0, issues: describeIssues(issues, v.definition) };
      },
    );

    app.post(
      '/:id/validate-draft',
      { config: { permission: 'workflows:read' }, schema: { tags: ['workflows'], summary: 'Validates an unsaved definition of this workflow (the editor\'s draft) as activation would.', params: idParams, body: draftBody, response: { 200: issuesView } } },
      async (request) => {
        const p = requirePrincipal(request);
        const { workspaceId } = p;
        await store().get(workspaceId, request.params.id);
        const issues = await validateDefinition(request.body.definition, await validationOptions(workspaceId, request.params.id, true, p));
        return { valid: issues.length === 0, issues: describeIssues(issues, request.body.definition) };
      },
    );

    app.post(
      '/:id/activate',
      { config: { permission: 'workflows:write' }, schema: { tags: ['workflows'], summary: 'Validates and publishes a version (latest by default) and turns its trigger on.', params: idParams, body: versionChoiceBody, response: { 200: activatedWorkflow } } },
      async (request) => {
        const p = requirePrincipal(request);
        const { workspaceId } = p;
        const v = await resolveVersion(workspaceId, request.params.id, request.body.version);
        await assertValid(v.definition, await validationOptions(workspaceId, request.params.id, true, await authorOf(p, v.author), true));
        await store().update(workspaceId, request.params.id, { published_version: v.version, active: 1 });
        const before = await store().get(workspaceId, request.params.id);
        const webhook = before.hasWebhookToken ? undefined : await issueWebhook(workspaceId, request.params.id, v.definition);
        await auditWorkflow(ctx, request, 'workflow.activated', { type: 'workflow', id: request.params.id }, { version: v.version });
        return { ...toWorkflowView(await store().get(workspaceId, request.params.id)), ...(webhook ? { webhook } : {}) };
      },
    );

    app.post('/:id/deactivate', { config: { permission: 'workflows:write' }, schema: { tags: ['workflows'], summary: 'Turns the trigger off (runs in progress finish).', params: idParams, response: { 200: workflowView } } }, async (request) => {
      const { workspaceId } = requirePrincipal(request);
      await store().update(workspaceId, request.params.id, { active: 0 });
      await auditWorkflow(ctx, request, 'workflow.deactivated', { type: 'workflow', id: request.params.id });
      return toWorkflowView(await store().get(workspaceId, request.params.id));
    });

    app.post('/:id/webhook/rotate', { config: { permission: 'workflows:write' }, schema: { tags: ['workflows'], summary: 'Issues a new webhook URL (and HMAC secret); the old ones stop working.', params: idParams, response: { 200: webhookView } } }, async (request) => {
      const { workspaceId } = requirePrincipal(request);
      const v = await resolveVersion(workspaceId, request.params.id, 'latest');
      const webhook = await issueWebhook(workspaceId, request.params.id, v.definition);
      if (!webhook) throw errors.badRequest('This workflow is not triggered by a webhook.', [{ field: 'trigger.type', message: 'is not webhook' }], 'workflows.webhook.not_webhook');
      await auditWorkflow(ctx, request, 'workflow.webhook_rotated', { type: 'workflow', id: request.params.id });
      return webhook;
    });

    app.get(
      '/:id/versions',
      {
        config: { permission: 'workflows:read' },
        schema: {
          tags: ['workflows'],
          summary: 'Every version, newest first, with author (id and name; null name: no longer a member) and message.',
          params: idParams,
          response: { 200: versionList },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        await store().get(p.workspaceId, request.params.id);
        const items = await store().listVersions(p.workspaceId, request.params.id);
        const names = await memberNames(ctx, p, items.map((v) => v.author));
        return { items: items.map((v) => ({ ...v, authorName: names.get(v.author) ?? null })) };
      },
    );

    app.get('/:id/versions/:version', { config: { permission: 'workflows:read' }, schema: { tags: ['workflows'], summary: 'One version.', params: versionParams, response: { 200: versionDetail } } }, async (request) => {
      const { workspaceId } = requirePrincipal(request);
      const v = await store().getVersion(workspaceId, request.params.id, request.params.version);
      return { version: v.version, name: v.name, author: v.author, message: v.message, createdAt: v.createdAt, definition: v.definition };
    });

    app.get('/:id/diff', { config: { permission: 'workflows:read' }, schema: { tags: ['workflows'], summary: 'Structural diff between two versions (steps matched by id).', params: idParams, querystring: diffQuery, response: { 200: versionDiffSchema } } }, async (request) => {
      const { workspaceId } = requirePrincipal(request);
      const [a, b] = await Promise.all([store().getVersion(workspaceId, request.params.id, request.query.from), store().getVersion(workspaceId, request.params.id, request.query.to)]);
      return { from: a.version, to: b.version, ...diffDefinitions(a.definition, b.definition) };
    });

    app.post(
      '/:id/rollback',
      { config: { permission: 'workflows:write' }, schema: { tags: ['workflows'], summary: 'Publishes an earlier version again, as a new version.', params: idParams, body: rollbackBody, response: { 200: workflowView } } },
      async (request) => {
        const p = requirePrincipal(request);
        const old = await store().getVersion(p.workspaceId, request.params.id, request.body.version);
        const current = await store().get(p.workspaceId, request.params.id);
        // The rollback is a new version by the caller: its runs act for them.
        await assertValid(old.definition, await validationOptions(p.workspaceId, request.params.id, current.active, p));
        const v = await store().saveVersion(p.workspaceId, request.params.id, { definition: old.definition, name: old.name, author: p.userId, message: request.body.message ?? `Rollback to version ${old.version}` });
        await store().update(p.workspaceId, request.params.id, { published_version: v.version });
        await auditWorkflow(ctx, request, 'workflow.rolled_back', { type: 'workflow', id: request.params.id }, { from: old.version, version: v.version });
        return toWorkflowView(await store().get(p.workspaceId, request.params.id));
      },
    );

    app.put('/:id/sample', { config: { permission: 'workflows:write' }, schema: { tags: ['workflows'], summary: 'Pins sample trigger data for editing and test runs.', params: idParams, body: sampleBody, response: { 200: workflowView } } }, async (request) => {
      const { workspaceId } = requirePrincipal(request);
      await store().update(workspaceId, request.params.id, { pinned_trigger_data: request.body.data === undefined ? null : JSON.stringify(request.body.data) });
      return toWorkflowView(await store().get(workspaceId, request.params.id));
    });

    app.post(
      '/:id/run',
      {
        config: { permission: 'workflows:run' },
        schema: {
          tags: ['workflows'],
          summary: 'Starts a run (manual trigger): of the published version by default; dryRun previews side effects; wait answers with the result when it finishes in time.',
          params: idParams,
          body: runRequestBody,
          response: { 202: runView, 200: runView },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { workspaceId } = p;
        const wf = await store().get(workspaceId, request.params.id);
        const v = await resolveVersion(workspaceId, wf.id, request.body.version === 'published' && !wf.publishedVersion ? 'latest' : request.body.version);
        await assertValid(v.definition, await validationOptions(workspaceId, wf.id, !request.body.dryRun, await authorOf(p, v.author)));
        const triggerData = request.body.usePinned ? wf.pinnedTriggerData : (request.body.input ?? {});
        const run = await runtime().engine.startRun({ workspaceId, workflowId: wf.id, version: v.version, triggerType: 'manual', triggerData, mode: request.body.dryRun ? 'dry' : 'live' });
        await auditWorkflow(ctx, request, 'workflow.run.requested', { type: 'workflow_run', id: run.id }, { workflowId: wf.id, version: v.version, dryRun: request.body.dryRun });
        if (request.body.waitMs > 0) {
          const done = await runtime().engine.waitForRun(run.id, request.body.waitMs);
          if (done && ['succeeded', 'failed', 'cancelled'].includes(done.status)) return reply.code(200).send(toRunView(done));
        }
        return reply.code(202).send(toRunView((await runtime().engine.runs.get(run.id)) ?? run));
      },
    );

    app.post(
      '/:id/steps/:stepId/test',
      {
        config: { permission: 'workflows:run' },
        schema: {
          tags: ['workflows'],
          summary: 'Runs one step of the latest version with given trigger data, earlier outputs and variables (nothing is journaled).',
          params: stepParams,
          body: stepTestBody,
          response: { 200: stepTestResult },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const { workspaceId } = p;
        const wf = await store().get(workspaceId, request.params.id);
        const v = await resolveVersion(workspaceId, wf.id, request.body.version);
        const step = findStep(v.definition.steps, request.params.stepId);
        if (!step) throw errors.notFound(`Step ${request.params.stepId}`, 'workflows.step_not_found');
        const { outcome, entry } = await testStep(ctx, runtime().actions, v.definition, step, { trigger: request.body.trigger ?? wf.pinnedTriggerData, ...(request.body.steps ? { steps: request.body.steps } : {}), ...(request.body.vars ? { vars: request.body.vars } : {}), dryRun: request.body.dryRun, workspaceId, workflowId: wf.id, actor: await authorOf(p, v.author), secret: (ws, name) => runtime().secrets.resolve(ws, name) });
        return {
          status: outcome.status,
          output: outcome.status === 'succeeded' ? outcome.output : null,
          error: outcome.status === 'failed' ? outcome.error : null,
          step: entry ? toStepView(entry) : null,
        };
      },
    );

    app.get('/:id/export', { config: { permission: 'workflows:read' }, schema: { tags: ['workflows'], summary: 'The latest version as a JSON file (for git).', params: idParams, response: { 200: exportedWorkflow } } }, async (request) => {
      const { workspaceId } = requirePrincipal(request);
      const wf = await store().get(workspaceId, request.params.id);
      const v = await store().getVersion(workspaceId, wf.id, wf.latestVersion);
      return { format: 'atom.workflow/v1' as const, name: wf.name, description: wf.description, definition: v.definition };
    });

    app.get('/export', { config: { permission: 'workflows:read' }, schema: { tags: ['workflows'], summary: 'Every workflow of the workspace as JSON.', response: { 200: exportedWorkflows } } }, async (request) => {
      const { workspaceId } = requirePrincipal(request);
      const out = [];
      for (const wf of await store().listAll(workspaceId)) {
        const v = await store().getVersion(workspaceId, wf.id, wf.latestVersion);
        out.push({ format: 'atom.workflow/v1' as const, name: wf.name, description: wf.description, definition: v.definition });
      }
      return { workflows: out };
    });

    app.post('/import', { config: { permission: 'workflows:write' }, schema: { tags: ['workflows'], summary: 'Creates workflows from exported JSON (inactive drafts).', body: importBody, response: { 201: importedWorkflows } } }, async (request, reply) => {
      const p = requirePrincipal(request);
      const defs = request.body.workflows.map((w, i) => parseDefinition(w.definition, `body.workflows.${i}.definition`));
      const items = [];
      for (const [i, w] of request.body.workflows.entries()) {
        const wf = await store().create({ workspaceId: p.workspaceId, name: w.name, description: w.description, definition: defs[i]!, author: p.userId, message: 'Imported' });
        await auditWorkflow(ctx, request, 'workflow.imported', { type: 'workflow', id: wf.id }, { name: wf.name });
        items.push(toWorkflowView(wf));
      }
      return reply.code(201).send({ items });
    });
  };
}
