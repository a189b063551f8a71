import { z } from 'zod';
import { errors } from '../../platform/index.js';
import { workflowDefinitionSchema, type WorkflowDefinition } from '../definition/schema.js';
import type { JournalEntry } from '../store/journal.js';
import type { RunRow } from '../store/run-store.js';
import type { WorkflowRecord } from '../store/workflow-store.js';

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

export const workflowView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  active: z.boolean(),
  latestVersion: z.number(),
  publishedVersion: z.number().nullable(),
  hasWebhook: z.boolean(),
  pinnedTriggerData: z.unknown(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
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

export const webhookView = z.object({ url: z.string(), hmacSecret: z.string().optional() }).describe('Shown once: the token is stored only as a hash.');

export const runView = z.object({
  id: z.string(),
  workflowId: z.string(),
  version: z.number(),
  status: z.string(),
  mode: z.string(),
  triggerType: z.string(),
  triggerData: z.unknown(),
  attemptGroup: z.number(),
  output: z.unknown(),
  error: z.unknown(),
  parentRunId: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
const parse = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));
export const toRunView = (r: RunRow, withTrigger = true): z.infer<typeof runView> => ({
  id: r.id,
  workflowId: r.workflow_id,
  version: r.version,
  status: r.status,
  mode: r.mode,
  triggerType: r.trigger_type,
  triggerData: withTrigger ? parse(r.trigger_data) : undefined,
  attemptGroup: r.attempt_group,
  output: parse(r.output),
  error: parse(r.error),
  parentRunId: r.parent_run_id,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export const stepView = z.object({
  stepKey: z.string(),
  stepId: z.string(),
  stepType: z.string(),
  status: z.string(),
  attempt: z.number(),
  input: z.unknown(),
  output: z.unknown(),
  outputRef: z.string().nullable().describe('Large output stored by reference: GET /api/runs/:id/outputs/:ref'),
  error: z.unknown(),
  logs: z.array(z.unknown()),
  nextAt: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
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
