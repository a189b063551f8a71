import { z } from 'zod';

/** The structural diff between two workflow versions (server response schema; the web app imports its type). zod only. */

export const fieldChangeSchema = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() });
export type FieldChange = z.infer<typeof fieldChangeSchema>;

const placedStepSchema = z.object({ id: z.string(), type: z.string(), at: z.string().describe('where the step sits, e.g. steps[1].then[0]') });

export const definitionDiffSchema = z.object({
  trigger: z.array(fieldChangeSchema),
  settings: z.array(fieldChangeSchema),
  output: z.array(fieldChangeSchema),
  steps: z.object({
    added: z.array(placedStepSchema),
    removed: z.array(placedStepSchema),
    changed: z.array(z.object({ id: z.string(), changes: z.array(fieldChangeSchema) })),
    moved: z.array(z.object({ id: z.string(), from: z.string(), to: z.string() })),
  }),
  same: z.boolean().describe('true when nothing differs'),
});
export type DefinitionDiff = z.infer<typeof definitionDiffSchema>;

/** GET /api/workflows/:id/diff: steps matched by id. */
export const versionDiffSchema = definitionDiffSchema.extend({ from: z.number().int(), to: z.number().int() }).meta({ id: 'WorkflowVersionDiff' });
export type VersionDiff = z.infer<typeof versionDiffSchema>;
