import { z } from 'zod';

/** Workflow-from-text draft shapes (POST /api/workflows/from-text answers with workflowDraftSchema; the web app imports its type). zod only. */

/** One condition a workflow checks before acting (`if the amount is over 10,000`). */
export const conditionSchema = z.object({
  field: z.string(),
  op: z.enum(['>', '>=', '<', '<=', '==', '!=', 'contains']),
  value: z.union([z.string(), z.number()]),
});
export type Condition = z.infer<typeof conditionSchema>;

/**
 * The shape of a workflow that matters for judging a plan: what starts it, which actions run in which
 * order, and what it checks. The benchmark compares plans by this.
 */
export const planStructureSchema = z.object({
  trigger: z.object({
    type: z.enum(['manual', 'schedule', 'webhook', 'integration', 'memory_event']),
    cron: z.string().optional(),
    everyMinutes: z.number().optional(),
    event: z.string().optional().describe('integration trigger id, e.g. google_drive.file_changed'),
  }),
  actions: z.array(z.string()).describe('action ids in run order; ai steps appear as ai.<verb>'),
  conditions: z.array(conditionSchema),
});
export type PlanStructure = z.infer<typeof planStructureSchema>;

export const workflowDraftSchema = z.object({
  status: z.enum(['draft', 'needs_clarification', 'unsupported']),
  name: z.string(),
  summary: z.string().describe('what the workflow does, in plain language'),
  definition: z.record(z.string(), z.unknown()).nullable().describe('the workflow definition (validates against the workflow schema)'),
  structure: planStructureSchema.nullable(),
  questions: z.array(z.string()).describe('what the planner needs to know to finish the draft'),
  unmapped: z.array(z.string()).describe('parts of the request the planner could not turn into steps'),
  notes: z.array(z.string()).describe('assumptions the planner made (default times, time zone)'),
  planner: z.enum(['offline', 'model']),
  model: z.string().optional(),
  attempts: z.number().int().describe('model attempts including repairs (0 for the offline planner)'),
  workflowId: z.string().optional().describe('set when the draft was saved'),
});
export type WorkflowDraft = z.infer<typeof workflowDraftSchema>;
