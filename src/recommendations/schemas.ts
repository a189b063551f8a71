import { z } from 'zod';

export const recommendationKinds = ['connection', 'failing_workflow', 'template', 'document', 'getting_started'] as const;

/** Dismissal keys are stable per suggestion, so a dismissed one never comes back. */
export const recommendationKeySchema = z.string().regex(/^[a-z_]+:[A-Za-z0-9._:-]{1,200}$/, { error: 'must look like kind:id' });

/** What a rule suggests; a model may reorder these and reword title and reason, nothing else. */
export const recommendationCandidateSchema = z.object({
  key: recommendationKeySchema,
  kind: z.enum(recommendationKinds),
  title: z.string(),
  reason: z.string().describe('Why it is suggested, in a sentence'),
  action: z.object({ label: z.string(), href: z.string().describe('Path in the web app') }),
});
export type RecommendationCandidate = z.infer<typeof recommendationCandidateSchema>;

export const recommendationSchema = recommendationCandidateSchema.extend({
  rankedBy: z.enum(['rules', 'model']).describe('model: placed (and possibly reworded) by the configured AI model; rules: in rule order'),
});
export type Recommendation = z.infer<typeof recommendationSchema>;
