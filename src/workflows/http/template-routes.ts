import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../../platform/http/index.js';
import { errors, nowIso, type AppContext } from '../../platform/index.js';
import { actionIdOf } from '../definition/validate.js';
import { allSteps } from '../definition/walk.js';
import type { WorkflowRuntime } from '../runtime.js';
import { workflowTemplates, type WorkflowTemplate } from '../templates/index.js';
import { auditWorkflow } from './audit.js';
import { parseDefinition, toWorkflowView, workflowView } from './views.js';

const templateView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  params: z.unknown().describe('JSON Schema of the parameters'),
  requiredActions: z.array(z.string()),
  missingActions: z.array(z.string()).describe('Actions not installed yet (their integration is not connected or not available)'),
  trigger: z.string(),
});

/** The actions a template's workflow calls (with default parameters). */
export function templateActions(t: WorkflowTemplate): string[] {
  const def = parseDefinition(t.build(t.params.parse({})), 'template');
  return [...new Set([...allSteps(def.steps)].map(actionIdOf).filter((a): a is string => !!a))].sort();
}

/** /api/templates: the gallery, and instantiating a template with parameters into a draft workflow. */
export function templateRoutes(ctx: AppContext, runtime: () => WorkflowRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    const view = (t: WorkflowTemplate): z.infer<typeof templateView> => {
      const required = templateActions(t);
      return {
        id: t.id,
        name: t.name,
        description: t.description,
        category: t.category,
        params: z.toJSONSchema(t.params, { io: 'input', unrepresentable: 'any' }),
        requiredActions: required,
        missingActions: required.filter((a) => !runtime().actions.get(a)),
        trigger: parseDefinition(t.build(t.params.parse({})), 'template').trigger.type,
      };
    };

    app.get('', { config: { permission: 'workflows:read' }, schema: { tags: ['templates'], summary: 'Business-process templates.', response: { 200: z.object({ items: z.array(templateView) }) } } }, async () => ({ items: workflowTemplates.map(view) }));

    app.post(
      '/:id/instantiate',
      {
        config: { permission: 'workflows:write' },
        schema: { tags: ['templates'], summary: 'Creates a draft workflow from a template and parameters (sample trigger data pinned).', params: z.object({ id: z.string().max(100) }), body: z.object({ params: z.record(z.string(), z.unknown()).default({}), name: z.string().min(1).max(200).optional() }).default({ params: {} }), response: { 201: workflowView } },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const t = workflowTemplates.find((x) => x.id === request.params.id);
        if (!t) throw errors.notFound('Template', 'workflows.template_not_found');
        const parsed = t.params.safeParse(request.body.params);
        if (!parsed.success) throw errors.badRequest('The template parameters are not valid.', parsed.error.issues.map((i) => ({ field: ['body', 'params', ...i.path.map(String)].join('.'), message: i.message })), 'workflows.template.params');
        const definition = parseDefinition(t.build(parsed.data), 'template');
        const wf = await runtime().engine.workflows.create({ workspaceId: p.workspaceId, name: request.body.name ?? t.name, description: t.description, definition, author: p.userId, message: `From template ${t.id}` });
        await runtime().engine.workflows.update(p.workspaceId, wf.id, { pinned_trigger_data: JSON.stringify(t.sample ?? null) });
        await ctx.db.insertInto('workflow_template_uses').values({ workflow_id: wf.id, workspace_id: p.workspaceId, template_id: t.id, created_by: p.userId, created_at: nowIso() }).execute();
        await auditWorkflow(ctx, request, 'workflow.created', { type: 'workflow', id: wf.id }, { template: t.id });
        return reply.code(201).send(toWorkflowView(await runtime().engine.workflows.get(p.workspaceId, wf.id)));
      },
    );
  };
}
