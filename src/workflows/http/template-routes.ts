import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { connectionRepository } from '../../integrations/connections/connection-repository.js';
import { requirePrincipal } from '../../platform/http/index.js';
import { errors, perContext, type AppContext } from '../../platform/index.js';
import { templateView } from '../../shared/workflows.js';
import { actionIdOf } from '../definition/validate.js';
import { allSteps } from '../definition/walk.js';
import type { WorkflowRuntime } from '../runtime.js';
import { workflowTemplates, type WorkflowTemplate } from '../templates/index.js';
import { auditWorkflow } from './audit.js';
import { parseDefinition, toWorkflowView, workflowView } from './views.js';


/** Integration trigger ids this app has (set by the integrations domain, which knows them), per context. */
const knownTriggers = perContext((): Set<string> => new Set());
export function setKnownIntegrationTriggers(ctx: AppContext, ids: Iterable<string>): void {
  const known = knownTriggers(ctx);
  known.clear();
  for (const id of ids) known.add(id);
}

/**
 * Stand-in values for a template's questions, only to read its shape (which actions and trigger it uses) and
 * for dry-run tests: never offered to anyone as a value.
 */
export function exampleParams(t: WorkflowTemplate): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(t.params.shape)) {
    const f = field as z.ZodType;
    if (f.safeParse(undefined).success) continue;
    const kind = questionKind(f);
    out[name] = kind === 'url' ? 'https://example.com/x' : kind === 'email' ? 'someone@example.com' : kind === 'number' ? 1 : /repository/i.test(name) ? 'owner/name' : `example-${name}`;
  }
  return out;
}

function questionKind(f: z.ZodType): 'text' | 'url' | 'email' | 'number' {
  const js = z.toJSONSchema(f, { io: 'input', unrepresentable: 'any' }) as { type?: string; format?: string };
  if (js.type === 'number' || js.type === 'integer') return 'number';
  if (js.format === 'uri') return 'url';
  if (js.format === 'email') return 'email';
  return 'text';
}

/** The parameters a person must answer (no default), in declaration order, labelled by their description. */
export function templateQuestions(t: WorkflowTemplate): { name: string; label: string; kind: 'text' | 'url' | 'email' | 'number' }[] {
  return Object.entries(t.params.shape)
    .filter(([, f]) => !(f as z.ZodType).safeParse(undefined).success)
    .map(([name, f]) => ({ name, label: (f as z.ZodType).description ?? name, kind: questionKind(f as z.ZodType) }));
}

const definitionOf = (t: WorkflowTemplate) => parseDefinition(t.build(t.params.parse(exampleParams(t))), 'template');

/** The integration trigger a template starts from, if any. */
export function templateTrigger(t: WorkflowTemplate): string | undefined {
  const trigger = definitionOf(t).trigger;
  return trigger.type === 'integration' ? trigger.trigger : undefined;
}

/** The actions a template's workflow calls (with default parameters). */
export function templateActions(t: WorkflowTemplate): string[] {
  const def = definitionOf(t);
  return [...new Set([...allSteps(def.steps)].map(actionIdOf).filter((a): a is string => !!a))].sort();
}

/**
 * Puts the connection the person chose for each service into every step (and the trigger) of that
 * service. Only a connection of that service they may use (shared, or their own) is accepted.
 */
async function useChosenConnections(
  ctx: AppContext,
  p: { workspaceId: string; userId: string },
  definition: ReturnType<typeof parseDefinition>,
  chosen: Record<string, string>,
  services: string[],
  serviceOfAction: (actionId: string) => string | undefined,
): Promise<void> {
  const problems: { field: string; message: string }[] = [];
  for (const [service, id] of Object.entries(chosen)) {
    const field = `body.connections.${service}`;
    if (!services.includes(service)) {
      problems.push({ field, message: 'this template does not use that service' });
      continue;
    }
    // One the member may see (shared, or their own personal one), of that service, not revoked.
    const c = await connectionRepository(ctx.db).findVisible(p.workspaceId, p.userId, id);
    if (!c || c.service_id !== service || c.status === 'revoked') problems.push({ field, message: `is not one of your ${service} connections` });
  }
  if (problems.length) throw errors.badRequest('Choose one of your connections for each service.', problems, 'workflows.template.connection');
  for (const step of allSteps(definition.steps)) {
    const action = actionIdOf(step);
    const service = action ? serviceOfAction(action) : undefined;
    if (step.type === 'action' && service && chosen[service]) step.input = { ...step.input, connectionId: chosen[service] };
  }
  const trigger = definition.trigger;
  if (trigger.type === 'integration') {
    const service = trigger.trigger.split('.')[0];
    if (service && chosen[service]) trigger.connectionId = chosen[service];
  }
}

/** /api/templates: the gallery, and instantiating a template with parameters into a draft workflow. */
export function templateRoutes(ctx: AppContext, runtime: () => WorkflowRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    const view = (t: WorkflowTemplate): z.infer<typeof templateView> => {
      const required = templateActions(t);
      const trigger = templateTrigger(t);
      const services = [...new Set([...required.map((a) => runtime().actions.get(a)?.connection), ...(trigger ? [trigger.split('.')[0]] : [])].filter((x): x is string => !!x))];
      return {
        id: t.id,
        name: t.name,
        description: t.description,
        category: t.category,
        params: z.toJSONSchema(t.params, { io: 'input', unrepresentable: 'any' }),
        requiredActions: required,
        missingActions: required.filter((a) => !runtime().actions.get(a)),
        missingTriggers: trigger && !knownTriggers(ctx).has(trigger) ? [trigger] : [],
        questions: templateQuestions(t),
        services,
        trigger: definitionOf(t).trigger.type,
      };
    };

    app.get('', { config: { permission: 'workflows:read' }, schema: { tags: ['templates'], summary: 'Business-process templates.', response: { 200: z.object({ items: z.array(templateView) }) } } }, async () => ({
      // Only templates that work here are offered: every action and trigger they use exists.
      items: workflowTemplates.map(view).filter((v) => v.missingActions.length === 0 && v.missingTriggers.length === 0),
    }));

    app.post(
      '/:id/instantiate',
      {
        config: { permission: 'workflows:write' },
        schema: {
          tags: ['templates'],
          summary: 'Creates a draft workflow from a template and parameters (sample trigger data pinned).',
          params: z.object({ id: z.string().max(100) }),
          body: z
            .object({
              params: z.record(z.string(), z.unknown()).default({}),
              name: z.string().min(1).max(200).optional(),
              connections: z.record(z.string().max(100), z.string().min(1).max(100)).default({}).describe('service → the id of one of your connections of it, used by every step (and the trigger) of that service'),
            })
            .default({ params: {}, connections: {} }),
          response: { 201: workflowView },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const t = workflowTemplates.find((x) => x.id === request.params.id);
        if (!t) throw errors.notFound('Template', 'workflows.template_not_found');
        const v = view(t);
        if (v.missingActions.length || v.missingTriggers.length) {
          throw errors.conflict(`This template needs ${[...v.missingActions, ...v.missingTriggers].join(', ')}, which Atom does not have yet.`, 'workflows.template.unavailable');
        }
        const parsed = t.params.safeParse(request.body.params);
        if (!parsed.success) throw errors.badRequest('The template parameters are not valid.', parsed.error.issues.map((i) => ({ field: ['body', 'params', ...i.path.map(String)].join('.'), message: i.message })), 'workflows.template.params');
        const definition = parseDefinition(t.build(parsed.data), 'template');
        await useChosenConnections(ctx, p, definition, request.body.connections, v.services, (a) => runtime().actions.get(a)?.connection);
        const wf = await runtime().engine.workflows.create({ workspaceId: p.workspaceId, name: request.body.name ?? t.name, description: t.description, definition, author: p.userId, message: `From template ${t.id}` });
        await runtime().engine.workflows.update(p.workspaceId, wf.id, { pinned_trigger_data: JSON.stringify(t.sample ?? null) });
        await runtime().engine.workflows.recordTemplateUse({ workspaceId: p.workspaceId, workflowId: wf.id, templateId: t.id, createdBy: p.userId });
        await auditWorkflow(ctx, request, 'workflow.created', { type: 'workflow', id: wf.id }, { template: t.id });
        return reply.code(201).send(toWorkflowView(await runtime().engine.workflows.get(p.workspaceId, wf.id)));
      },
    );
  };
}
