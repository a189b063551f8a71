import { z } from 'zod';

/** Usage analytics API shapes (server response schemas; the web app imports their types). zod only. */

/** GET /api/analytics/usage (JSON): runs, AI tokens and cost, memory documents, searches and templates over a range. */
export const usageAnalyticsSchema = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  runsPerDay: z.array(z.object({ day: z.string(), workflowId: z.string(), workflowName: z.string(), status: z.string(), runs: z.number() })),
  ai: z.array(
    z.object({ userId: z.string(), userName: z.string(), provider: z.string(), model: z.string(), calls: z.number(), inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() }),
  ),
  memoryDocuments: z.array(z.object({ source: z.string(), documents: z.number(), bytes: z.number() })),
  searchesPerDay: z.array(z.object({ day: z.string(), searches: z.number(), zeroResults: z.number() })),
  templates: z.array(z.object({ templateId: z.string(), templateName: z.string(), instantiations: z.number(), runs: z.number() })),
});
export type UsageAnalytics = z.infer<typeof usageAnalyticsSchema>;
