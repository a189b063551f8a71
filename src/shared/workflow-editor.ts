import { z } from 'zod';

/** Workflow editor API shapes: the action catalog and draft validation (server response schemas; the web app imports their types). zod only. */

/** An action steps can call, with its input as JSON Schema. */
export const actionInfoSchema = z.object({ id: z.string(), title: z.string(), description: z.string(), aiDescription: z.string().optional(), idempotent: z.boolean(), sideEffect: z.boolean(), input: z.unknown() });
export type ActionInfoView = z.infer<typeof actionInfoSchema>;

/** GET /api/workflows/actions. */
export const actionList = z.object({ items: z.array(actionInfoSchema) });

/** One validation problem, naming its step and field in words. */
export const validationIssueSchema = z.object({
  code: z.string(),
  field: z.string(),
  message: z.string(),
  stepId: z.string().optional(),
  where: z.string().describe('The step (by name and id) and field, in words.'),
  stepName: z.string().optional(),
  fieldLabel: z.string().optional(),
  hint: z.string().describe('What to do about it.'),
});
export type ValidationIssueView = z.infer<typeof validationIssueSchema>;

/** Validation problems (POST /api/workflows/:id/validate-draft and validate). */
export const issuesView = z.object({ valid: z.boolean(), issues: z.array(validationIssueSchema) });
export type IssuesView = z.infer<typeof issuesView>;
