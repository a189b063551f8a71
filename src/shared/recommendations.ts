import { z } from 'zod';

/** Recommendations and onboarding API shapes (server response schemas; the web app imports their types). zod only. */

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

/** GET /api/recommendations. */
export const recommendationListSchema = z.object({ items: z.array(recommendationSchema) });
export type RecommendationList = z.infer<typeof recommendationListSchema>;

export const onboardingStepIds = ['connect_service', 'create_workflow', 'add_documents', 'first_run', 'model_key'] as const;
export type OnboardingStepId = (typeof onboardingStepIds)[number];

export const onboardingSchema = z
  .object({
    dismissed: z.boolean().describe('the caller hid the checklist; it stays hidden'),
    complete: z.boolean().describe('every required step is done'),
    steps: z.array(
      z.object({
        id: z.enum(onboardingStepIds),
        title: z.string(),
        description: z.string(),
        done: z.boolean().describe('read from real state: a connection, a workflow, a document, a run, a model key exists'),
        optional: z.boolean(),
        action: z.object({ label: z.string(), href: z.string().describe('Path in the web app') }),
      }),
    ),
  })
  .meta({ id: 'Onboarding' });
export type Onboarding = z.infer<typeof onboardingSchema>;
