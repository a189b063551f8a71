import { z } from 'zod';
import type { ChatCard } from '../../shared/chat.js';

// The card shapes are API shapes: they live in src/shared/chat.ts (the web app reads them).
export { chatCardSchema, workflowCardSchema, type ChatCard } from '../../shared/chat.js';

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
