import { z } from 'zod';

/**
 * A card the conversation shows under an answer, built by the server from a tool's result (never from
 * text a model wrote): today a drafted workflow, with what the person can do next (open, activate, dry
 * run). The same card comes from the model path and the offline assistant, live and on reload.
 */
export const workflowCardSchema = z.object({
  kind: z.literal('workflow'),
  workflowId: z.string(),
  name: z.string(),
  summary: z.string(),
  /** `needs_clarification`: saved, but the planner still has questions (listed) before it can be activated. */
  status: z.enum(['draft', 'needs_clarification']),
  questions: z.array(z.string()),
  notes: z.array(z.string()),
  planner: z.enum(['offline', 'model']),
});
export const chatCardSchema = workflowCardSchema;
export type ChatCard = z.infer<typeof chatCardSchema>;

const draftResult = z.object({
  workflowId: z.string(),
  name: z.string(),
  summary: z.string(),
  status: z.enum(['draft', 'needs_clarification']),
  questions: z.array(z.string()).default([]),
  notes: z.array(z.string()).default([]),
  planner: z.enum(['offline', 'model']).default('offline'),
});

/** The card for one tool result, if it has one (a saved workflow draft). */
export function cardOf(toolName: string, output: unknown): ChatCard | undefined {
  if (toolName !== 'create_workflow') return undefined;
  const d = draftResult.safeParse(output);
  if (!d.success) return undefined;
  return { kind: 'workflow', ...d.data };
}
