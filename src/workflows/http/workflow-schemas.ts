import { z } from 'zod';
import { activatedWorkflow, versionList, workflowDetail, workflowView } from '../../shared/workflows.js';
import { definitionBody, exportedWorkflow, stepView } from './views.js';

export { activatedWorkflow, versionList, workflowDetail };
// The action catalog and validation problems are API shapes the editor reads: src/shared/workflow-editor.ts.
export { actionList, issuesView, type IssuesView } from '../../shared/workflow-editor.js';

/**
 * Request and response shapes of /api/workflows (workflow-routes.ts), named once and reused, so the
 * route file reads as a table of routes. Views shared with the runs and templates routes are in views.ts.
 */

export const idParams = z.object({ id: z.string().min(1).max(100) });
export const versionParams = idParams.extend({ version: z.coerce.number().int().min(1) });
export const stepParams = idParams.extend({ stepId: z.string().min(1).max(64) });

/** Which version a request means: the published one, the latest draft, or a number. */
export const versionRef = z.union([z.literal('published'), z.literal('latest'), z.coerce.number().int().min(1)]);
export type VersionRef = z.infer<typeof versionRef>;

/** A JSON document (JSON Schema, a diff) described by its own format. */
export const jsonObject = z.record(z.string(), z.unknown());

export const workflowListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(100).optional(),
  order: z.enum(['newest', 'oldest']).default('newest'),
});
export const workflowPage = z.object({ items: z.array(workflowView), nextCursor: z.string().nullable() });

export const createWorkflowBody = z.object({ name: z.string().min(1).max(200), description: z.string().max(2000).optional(), definition: definitionBody, message: z.string().max(500).optional() });
export type CreateWorkflowBody = z.infer<typeof createWorkflowBody>;

export const saveVersionBody = z.object({
  definition: definitionBody,
  name: z.string().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
  message: z.string().max(500).default('Saved'),
});
export type SaveVersionBody = z.infer<typeof saveVersionBody>;
export const savedVersion = z.object({ version: z.number(), author: z.string(), message: z.string(), createdAt: z.string() });


/** Validate and activate: the latest version unless the body names another. */
export const versionChoiceBody = z.object({ version: versionRef.default('latest') }).default({ version: 'latest' });
export const draftBody = z.object({ definition: definitionBody });

export const versionDetail = z.object({ version: z.number(), name: z.string(), author: z.string(), message: z.string(), createdAt: z.string(), definition: z.unknown() });

export const diffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
export const rollbackBody = z.object({ version: z.number().int().min(1), message: z.string().max(500).optional() });
export const sampleBody = z.object({ data: z.unknown() });

export const runRequestBody = z
  .object({
    input: z.unknown().optional(),
    usePinned: z.boolean().default(false),
    version: versionRef.default('published'),
    dryRun: z.boolean().default(false),
    waitMs: z.number().int().min(0).max(60_000).default(0),
  })
  .default({ usePinned: false, version: 'published', dryRun: false, waitMs: 0 });
export type RunRequestBody = z.infer<typeof runRequestBody>;

export const stepTestBody = z.object({
  trigger: z.unknown().optional(),
  steps: z.record(z.string(), z.unknown()).optional(),
  vars: z.record(z.string(), z.unknown()).optional(),
  dryRun: z.boolean().default(true),
  version: versionRef.default('latest'),
});
export type StepTestBody = z.infer<typeof stepTestBody>;
export const stepTestResult = z.object({ status: z.string(), output: z.unknown(), error: z.unknown(), step: stepView.nullable() });

export const exportedWorkflows = z.object({ workflows: z.array(exportedWorkflow) });
export const importBody = z.object({ workflows: z.array(exportedWorkflow).min(1).max(500) });
export const importedWorkflows = z.object({ items: z.array(workflowView) });
