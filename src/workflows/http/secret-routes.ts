import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../../platform/http/index.js';
import { errors, type AppContext } from '../../platform/index.js';
import type { WorkflowRuntime } from '../runtime.js';
import { secretNameSchema } from '../secrets/secret-repository.js';
import { auditWorkflow } from './audit.js';
import { secretListSchema, secretViewSchema } from '../../shared/secrets.js';

// The value is never returned (secretViewSchema): `masked` is the same fixed string for every secret.
const toView = (s: { name: string; createdBy: string; createdAt: string; updatedAt: string }) => ({ ...s, masked: '••••••••' as const });
const nameParams = z.object({ name: secretNameSchema });

/** /api/workflows/secrets: named secrets steps reference as `{{ secrets.NAME }}` or `bearerSecret: "NAME"`. */
export function secretRoutes(ctx: AppContext, runtime: () => WorkflowRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    const store = () => runtime().secrets;

    app.get('', { config: { permission: 'workflows:read' }, schema: { tags: ['workflows'], summary: 'Named secrets of the workspace (values masked).', response: { 200: secretListSchema } } }, async (request) => {
      const { workspaceId } = requirePrincipal(request);
      return { items: (await store().list(workspaceId)).map(toView) };
    });

    app.put(
      '/:name',
      {
        config: { permission: 'workflows:write' },
        schema: { tags: ['workflows'], summary: 'Creates or replaces a named secret (sealed; never shown again).', params: nameParams, body: z.object({ value: z.string().min(1).max(16_384) }), response: { 200: secretViewSchema } },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const info = await store().set(p.workspaceId, request.params.name, request.body.value, p.userId);
        await auditWorkflow(ctx, request, 'workflow.secret.set', { type: 'workflow_secret', id: info.name });
        return toView(info);
      },
    );

    app.delete('/:name', { config: { permission: 'workflows:write' }, schema: { tags: ['workflows'], summary: 'Deletes a named secret (steps using it fail validation).', params: nameParams, response: { 204: z.null() } } }, async (request, reply) => {
      const { workspaceId } = requirePrincipal(request);
      if (!(await store().remove(workspaceId, request.params.name))) throw errors.notFound(`Secret ${request.params.name}`, 'workflows.secret_not_found');
      await auditWorkflow(ctx, request, 'workflow.secret.deleted', { type: 'workflow_secret', id: request.params.name });
      return reply.code(204).send(null);
    });
  };
}
