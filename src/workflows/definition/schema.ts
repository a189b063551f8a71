import { z } from 'zod';

/** A step id is a JSONata name, so expressions can say `steps.fetch_invoice.body`. */
export const stepIdSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'must start with a letter or _ and hold only letters, digits and _ (at most 64)' });

export const retryPolicySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(50).default(3),
    initialDelayMs: z.number().int().min(0).max(86_400_000).default(1000),
    maxDelayMs: z.number().int().min(0).max(7 * 86_400_000).default(5 * 60_000),
    multiplier: z.number().min(1).max(10).default(2),
    /** Error codes never retried, in addition to the action's own non-retryable errors. */
    nonRetryable: z.array(z.string()).default([]),
  })
  .describe('Retries with exponential backoff, capped, with full jitter; a Retry-After from the service wins.');
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

const common = {
  id: stepIdSchema,
  name: z.string().max(200).optional(),
  retry: retryPolicySchema.optional(),
  onError: z.enum(['stop', 'continue', 'branch']).default('stop').describe('stop the run, continue with the error as output, or run errorSteps'),
  timeoutMs: z.number().int().min(1).max(86_400_000).optional(),
};

const inputRecord = z.record(z.string(), z.unknown()).default({});
const expression = z.string().min(1).max(10_000).describe('JSONata over trigger, steps, vars, env (and item/index in a loop)');

export interface StepCommon {
  id: string;
  name?: string | undefined;
  retry?: RetryPolicy | undefined;
  onError: 'stop' | 'continue' | 'branch';
  timeoutMs?: number | undefined;
  errorSteps?: Step[] | undefined;
}

export type Step = StepCommon &
  (
    | { type: 'action'; action: string; input: Record<string, unknown> }
    | { type: 'http'; input: Record<string, unknown> }
    | { type: 'ai'; prompt: string; output: 'text' | 'json'; schema?: Record<string, unknown> | undefined }
    | { type: 'memory_search'; query: string; limit: number }
    | { type: 'transform'; expression: string }
    | { type: 'set'; values: Record<string, unknown> }
    | { type: 'delay'; ms?: number | undefined; until?: string | undefined }
    | { type: 'wait_for_webhook'; timeoutMs?: number | undefined }
    | { type: 'wait_for_approval'; message: string; timeoutMs?: number | undefined; approvers?: string[] | undefined }
    | { type: 'sub_workflow'; workflowId: string; input: Record<string, unknown>; wait: boolean }
    | { type: 'stop'; output?: unknown }
    | { type: 'fail'; message: string }
    | { type: 'if'; condition: string; then: Step[]; else: Step[] }
    | { type: 'switch'; value: string; cases: { when: unknown; steps: Step[] }[]; default: Step[] }
    | { type: 'for_each'; items: string; concurrency: number; steps: Step[] }
    | { type: 'parallel'; branches: Step[][] }
  );

const stepList = (): z.ZodType<Step[]> => z.array(z.lazy(() => stepSchema)).default([]) as unknown as z.ZodType<Step[]>;

const withErrors = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ ...common, ...shape, errorSteps: z.array(z.lazy(() => stepSchema)).optional() });

export const stepSchema: z.ZodType<Step> = z.lazy(() =>
  z.discriminatedUnion('type', [
    withErrors({ type: z.literal('action'), action: z.string().min(1), input: inputRecord }),
    withErrors({ type: z.literal('http'), input: inputRecord }),
    withErrors({ type: z.literal('ai'), prompt: z.string().min(1), output: z.enum(['text', 'json']).default('text'), schema: z.record(z.string(), z.unknown()).optional() }),
    withErrors({ type: z.literal('memory_search'), query: z.string().min(1), limit: z.number().int().min(1).max(100).default(10) }),
    withErrors({ type: z.literal('transform'), expression }),
    withErrors({ type: z.literal('set'), values: inputRecord }),
    withErrors({ type: z.literal('delay'), ms: z.number().int().min(0).max(366 * 86_400_000).optional(), until: z.string().optional() }),
    withErrors({ type: z.literal('wait_for_webhook'), timeoutMs: z.number().int().min(1).optional() }),
    withErrors({
      type: z.literal('wait_for_approval'),
      message: z.string().min(1),
      timeoutMs: z.number().int().min(1).optional(),
      // Who may decide, by user id or e-mail; without it, any member who may run the workflow.
      approvers: z.array(z.string().trim().min(1).max(320)).min(1).max(50).optional(),
    }),
    withErrors({ type: z.literal('sub_workflow'), workflowId: z.string().min(1), input: inputRecord, wait: z.boolean().default(true) }),
    withErrors({ type: z.literal('stop'), output: z.unknown().optional() }),
    withErrors({ type: z.literal('fail'), message: z.string().min(1) }),
    withErrors({ type: z.literal('if'), condition: expression, then: stepList(), else: stepList() }),
    withErrors({
      type: z.literal('switch'),
      value: expression,
      cases: z.array(z.object({ when: z.unknown(), steps: stepList() })).default([]),
      default: stepList(),
    }),
    withErrors({ type: z.literal('for_each'), items: expression, concurrency: z.number().int().min(1).max(100).default(1), steps: stepList() }),
    withErrors({ type: z.literal('parallel'), branches: z.array(stepList()).min(1).max(20) }),
  ]),
) as unknown as z.ZodType<Step>;

export const triggerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manual') }),
  z
    .object({
      type: z.literal('schedule'),
      cron: z.string().min(1).optional(),
      everyMinutes: z.number().int().min(1).max(525_600).optional(),
      timezone: z.string().default('UTC'),
    })
    .refine((t) => (t.cron === undefined) !== (t.everyMinutes === undefined), { error: 'give either cron or everyMinutes', path: ['cron'] }),
  z.object({
    type: z.literal('webhook'),
    methods: z.array(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])).default(['POST']),
    /**
     * Require an HMAC-SHA256 (hex, optionally `sha256=`-prefixed) in `header`; the secret is set per workflow
     * and sealed. With a timestamp in `timestampHeader` (Unix seconds) the signature covers `<timestamp>.<raw body>`
     * and must be within `toleranceSeconds`; otherwise it covers the raw body (refused when `requireTimestamp`).
     * A signature already accepted is refused as a replay (409) until it expires.
     */
    hmac: z
      .object({
        header: z.string().min(1).default('x-atom-signature'),
        timestampHeader: z.string().min(1).default('x-atom-timestamp'),
        toleranceSeconds: z.number().int().min(10).max(86_400).default(300),
        requireTimestamp: z.boolean().default(false),
      })
      .optional(),
    respond: z.enum(['immediately', 'when_finished']).default('immediately'),
  }),
  z.object({
    type: z.literal('integration'),
    trigger: z.string().min(1).describe('integration trigger id, e.g. drive.new_file'),
    mode: z.enum(['poll', 'push']).default('poll'),
    connectionId: z.string().optional(),
    pollMinutes: z.number().int().min(1).max(1440).default(5),
    config: z.record(z.string(), z.unknown()).default({}),
    /** Push: the workspace secret holding the service's signing secret (Stripe's whsec_..., Shopify's app secret);
     * without it, activation issues one (shown once), for senders that let you choose it. */
    signingSecret: z.string().min(1).max(200).optional().describe('push mode: name of the workspace secret holding the signing secret'),
  }),
  z.object({
    type: z.literal('memory_event'),
    events: z.array(z.enum(['document.created', 'document.updated', 'document.deleted'])).min(1).default(['document.created']),
    filter: z.string().optional().describe('JSONata condition over the event'),
  }),
]);
export type Trigger = z.infer<typeof triggerSchema>;

/**
 * A workflow's opt-in to being a tool of Atom's MCP server: only published versions that say `expose`
 * are offered. `inputSchema` (JSON Schema of an object) becomes the tool's input and the run's trigger
 * data; without it the tool takes `{ input: object }`.
 */
export const mcpExposureSchema = z.object({
  expose: z.boolean().default(false),
  toolName: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,47}$/, { error: 'lower-case letters, digits and _, starting with a letter (at most 48)' })
    .optional()
    .describe('the tool is called run_<toolName>; default run_workflow_<id>'),
  description: z.string().max(2000).optional().describe('what the tool does, written for the AI; default the workflow description'),
  inputSchema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema (type object) of the tool input'),
});
export type McpExposure = z.infer<typeof mcpExposureSchema>;

export const workflowDefinitionSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  trigger: triggerSchema,
  steps: z.array(stepSchema).default([]),
  /** JSONata giving the run's output; by default the last top-level step's output. */
  output: z.string().optional(),
  settings: z
    .object({
      concurrency: z.number().int().min(1).max(1000).optional().describe('runs of this workflow at the same time'),
      timeoutMs: z.number().int().min(1000).optional(),
      errorWorkflowId: z.string().optional(),
      retry: retryPolicySchema.optional().describe('default retry policy of every step'),
      mcp: mcpExposureSchema.optional().describe('offer the published version as a tool of Atom\'s MCP server (/mcp)'),
    })
    .default({}),
});
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;
export type WorkflowDefinitionInput = z.input<typeof workflowDefinitionSchema>;

/** The definition schema as JSON Schema (GET /api/workflows/schema). */
export const workflowJsonSchema = () => z.toJSONSchema(workflowDefinitionSchema, { io: 'input', unrepresentable: 'any' });
