import { z } from 'zod';

/**
 * Workflow and run API shapes (the response schemas of /api/workflows and /api/runs; the web app imports
 * their types). zod only.
 */

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
export type WorkflowSummary = z.infer<typeof workflowView>;

export const workflowDetail = workflowView.extend({ draft: z.unknown(), published: z.unknown(), createdByName: z.string().nullable() });
export type WorkflowDetail = z.infer<typeof workflowDetail>;

export const webhookView = z.object({ url: z.string(), hmacSecret: z.string().optional() }).describe('Shown once: the token is stored only as a hash.');
export const activatedWorkflow = workflowView.extend({ webhook: webhookView.optional() });
export type ActivationResult = z.infer<typeof activatedWorkflow>;

export const versionSummary = z.object({
  version: z.number(),
  name: z.string(),
  author: z.string(),
  authorName: z.string().nullable().describe('Null: no longer a member of the workspace.'),
  message: z.string(),
  createdAt: z.string(),
});
export type VersionSummary = z.infer<typeof versionSummary>;
export const versionList = z.object({ items: z.array(versionSummary) });

/** A business-process template in the gallery (GET /api/templates). */
export const templateView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  params: z.unknown().describe('JSON Schema of the parameters'),
  requiredActions: z.array(z.string()),
  missingActions: z.array(z.string()).describe('Actions not installed yet (their integration is not connected or not available)'),
  missingTriggers: z.array(z.string()).describe('Integration triggers Atom does not have'),
  /** The questions to ask before creating it: parameters without a default (a channel, an address, a URL). */
  questions: z.array(z.object({ name: z.string(), label: z.string(), kind: z.enum(['text', 'url', 'email', 'number']) })),
  /** Services whose connection the workflow uses (ask which one when there are several). */
  services: z.array(z.string()),
  trigger: z.string(),
});
export type TemplateSummary = z.infer<typeof templateView>;

export const runStatuses = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
export const runStatusSchema = z.enum(runStatuses);
export type RunStatus = z.infer<typeof runStatusSchema>;

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
export type RunView = z.infer<typeof runView>;

/** Lists and the run page show which workflow a run belongs to (null: deleted since, or not readable). */
export const namedRunView = runView.extend({ workflowName: z.string().nullable() });
export type RunSummary = z.infer<typeof namedRunView>;
export const runPage = z.object({ items: z.array(namedRunView), nextCursor: z.string().nullable() });
export type RunPage = z.infer<typeof runPage>;

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
export type RunStep = z.infer<typeof stepView>;

/** A run with its timeline (GET /api/runs/:id). */
export const runWithTimeline = namedRunView.extend({ steps: z.array(stepView) });
export type RunDetail = z.infer<typeof runWithTimeline>;

export const approvalDecision = z.object({ runId: z.string(), stepKey: z.string(), decision: z.enum(['approved', 'rejected']) });
export type ApprovalDecision = z.infer<typeof approvalDecision>;
