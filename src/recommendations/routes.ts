import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../platform/http/index.js';
import type { AppContext } from '../platform/index.js';
import { onboardingFor, onboardingSchema } from './onboarding.js';
import { dismissRecommendation, recommendationsFor } from './recommend.js';
import { recommendationKeySchema, recommendationListSchema } from './schemas.js';

const tags = ['recommendations'];

/** /api/recommendations: personal suggestions with a reason each, and remembered dismissals. */
export function recommendationsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary:
            'Suggestions for you: connections to fix, failing workflows and how to fix them, templates for services you connected, related documents. Ordered (and possibly reworded) by your AI model when one is set up, else by the rules.',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) }),
          response: { 200: recommendationListSchema },
        },
      },
      async (request) => ({ items: await recommendationsFor(ctx, requirePrincipal(request), { limit: request.query.limit }) }),
    );

    app.get(
      '/onboarding',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary:
            "Your first-run checklist: connect a service, create a workflow, upload documents, run a workflow, add a model key (optional). Each step is ticked from what exists; only steps your role can do are listed. Hide it with POST /api/recommendations/onboarding:checklist/dismiss.",
          response: { 200: onboardingSchema },
        },
      },
      async (request) => onboardingFor(ctx, requirePrincipal(request)),
    );

    app.post(
      '/:key/dismiss',
      {
        config: { permission: 'authenticated' },
        schema: { tags, summary: 'Dismisses a suggestion for good.', params: z.object({ key: recommendationKeySchema }), response: { 200: z.object({ key: z.string(), dismissed: z.literal(true) }) } },
      },
      async (request) => {
        await dismissRecommendation(ctx, requirePrincipal(request), request.params.key);
        return { key: request.params.key, dismissed: true as const };
      },
    );
  };
}
