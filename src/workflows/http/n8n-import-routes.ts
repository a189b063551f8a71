import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../../platform/http/index.js';
import { errors, type AppContext } from '../../platform/index.js';
import { importLimits, importN8nDraft } from '../import/n8n/index.js';
import type { WorkflowRuntime } from '../runtime.js';
import { auditWorkflow } from './audit.js';
import { parseDefinition, toWorkflowView } from './views.js';
import { n8nImportResultSchema } from '../../shared/workflow-import.js';

const body = z.object({
  export: z.union([z.string().max(importLimits.maxBytes), z.record(z.string(), z.unknown())]).describe('The n8n workflow export: its JSON text (pasted or read from the file) or the parsed object'),
  name: z.string().min(1).max(200).optional().describe('Name of the draft (default: the n8n workflow name)'),
  workflowIds: z.record(z.string().max(100), z.string().min(1).max(100)).default({}).describe('n8n workflow id → Atom workflow id, for Execute Workflow nodes'),
  save: z.boolean().default(true).describe('false: only translate and report, create nothing'),
});

/** POST /api/workflows/import/n8n: an n8n export in, an Atom draft (inactive) and the import report out. */
export function n8nImportRoutes(ctx: AppContext, runtime: () => WorkflowRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    const store = () => runtime().engine.workflows;
    app.post(
      '',
      {
        // The export is user-supplied text: capped in size here and in node count by its schema.
        bodyLimit: importLimits.maxBytes + 64 * 1024,
        config: { permission: 'workflows:write' },
        schema: {
          tags: ['workflows'],
          summary: 'Imports an n8n workflow export as a draft: steps Atom cannot express are placeholders, and the report lists them, the connections to create and untranslated expressions.',
          body,
          response: { 201: n8nImportResultSchema },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        let raw: unknown = request.body.export;
        if (typeof raw === 'string') {
          try {
            raw = JSON.parse(raw) as unknown;
          } catch {
            throw errors.badRequest('The export is not JSON.', [{ field: 'body.export', message: 'is not valid JSON' }], 'workflows.import.n8n.not_json');
          }
        }
        const lookupWorkflow = async (id: string) => {
          const wf = await store().get(p.workspaceId, id).catch(() => undefined);
          if (!wf?.publishedVersion) return undefined;
          return (await store().getVersion(p.workspaceId, id, wf.publishedVersion)).definition;
        };
        const result = await importN8nDraft(raw, { actions: runtime().actions, workflowIds: request.body.workflowIds, lookupWorkflow });
        const definition = parseDefinition(result.definition, 'draft');
        if (!request.body.save) return reply.code(201).send({ workflow: null, definition, report: result.report });
        const name = request.body.name ?? result.name;
        const wf = await store().create({ workspaceId: p.workspaceId, name, description: 'Imported from n8n', definition, author: p.userId, message: 'Imported from n8n' });
        await auditWorkflow(ctx, request, 'workflow.imported', { type: 'workflow', id: wf.id }, { name: wf.name, source: 'n8n', unmapped: result.report.unmapped.length });
        return reply.code(201).send({ workflow: toWorkflowView(wf), definition, report: result.report });
      },
    );
  };
}
