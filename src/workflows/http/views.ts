import { z } from 'zod';
import { errors, parseJsonColumn } from '../../platform/index.js';
import type { runView, stepView, workflowView } from '../../shared/workflows.js';
import { workflowDefinitionSchema, type WorkflowDefinition } from '../definition/schema.js';
import type { JournalEntry } from '../repositories/journal-repository.js';
import { runErrorOf, type RunRow } from '../repositories/run-repository.js';
import type { WorkflowRecord } from '../repositories/workflow-repository.js';

// The response schemas live in src/shared/workflows.ts (the web app reads their types); re-exported for the routes.
export { runView, stepView, webhookView, workflowView } from '../../shared/workflows.js';

export const definitionBody = z.unknown().describe('A workflow definition (see GET /api/workflows/schema)');

/** Parses a definition from a request body; a bad one is a 400 naming each field. */
export function parseDefinition(raw: unknown, field = 'body.definition'): WorkflowDefinition {
  const r = workflowDefinitionSchema.safeParse(raw);
  if (!r.success) {
    throw errors.badRequest(
      'The workflow definition is not valid.',
      r.error.issues.map((i) => ({ field: [field, ...i.path.map(String)].join('.'), message: i.message })),
      'workflows.definition.invalid',
    );
  }
  return r.data;
}

export const toWorkflowView = (w: WorkflowRecord): z.infer<typeof workflowView> => ({
  id: w.id,
  name: w.name,
  description: w.description,
  active: w.active,
  latestVersion: w.latestVersion,
  publishedVersion: w.publishedVersion,
  hasWebhook: w.hasWebhookToken,
  pinnedTriggerData: w.pinnedTriggerData,
  createdBy: w.createdBy,
  createdAt: w.createdAt,
  updatedAt: w.updatedAt,
});

/** A JSON column the API passes through as it was stored (trigger data, run output). */
const passThrough = (text: string | null, column: string): unknown => (text === null ? null : parseJsonColumn(z.unknown(), text, { column }));
export const toRunView = (r: RunRow, withTrigger = true): z.infer<typeof runView> => ({
  id: r.id,
  workflowId: r.workflow_id,
  version: r.version,
  status: r.status,
  mode: r.mode,
  triggerType: r.trigger_type,
  triggerData: withTrigger ? passThrough(r.trigger_data, 'workflow_runs.trigger_data') : undefined,
  attemptGroup: r.attempt_group,
  output: passThrough(r.output, 'workflow_runs.output'),
  error: runErrorOf(r) ?? null,
  parentRunId: r.parent_run_id,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export const toStepView = (e: JournalEntry): z.infer<typeof stepView> => ({
  stepKey: e.stepKey,
  stepId: e.stepId,
  stepType: e.stepType,
  status: e.status,
  attempt: e.attempt,
  input: e.input ?? null,
  output: e.inlineOutput ?? null,
  outputRef: e.outputRef,
  error: e.error ?? null,
  logs: e.logs ?? [],
  nextAt: e.nextAt === null ? null : new Date(e.nextAt).toISOString(),
  startedAt: e.startedAt,
  finishedAt: e.finishedAt,
  durationMs: e.durationMs,
});

export const exportedWorkflow = z.object({
  format: z.literal('atom.workflow/v1'),
  name: z.string(),
  description: z.string().default(''),
  definition: z.unknown(),
});
