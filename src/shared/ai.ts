import { z } from 'zod';

/** AI API shapes: providers, keys, models, settings and usage (server response schemas; the web app imports their types). zod only. */

/** The providers a user can bring a key for (their details live in src/ai/providers/catalog.ts). */
export const providerIds = ['openai', 'anthropic', 'google', 'mistral', 'groq', 'deepseek', 'openrouter', 'azure', 'custom', 'deepgram'] as const;
export const providerIdSchema = z.enum(providerIds);
export type ProviderId = z.infer<typeof providerIdSchema>;

const keyScopeSchema = z.enum(['user', 'workspace']);

/** `provider:model`, e.g. `openai:gpt-4o-mini` or `custom:llama3.1:8b` (the model may hold colons). */
export const modelRefSchema = z
  .string()
  .regex(/^[a-z]+:.+$/, { error: 'must be provider:model, e.g. openai:gpt-4o-mini' })
  .refine((v) => (providerIds as readonly string[]).includes(v.split(':')[0] ?? ''), { error: `provider must be one of ${providerIds.join(', ')}` });

/** GET /api/ai/providers: one provider. */
export const aiProviderViewSchema = z.object({
  id: providerIdSchema,
  label: z.string(),
  baseUrl: z.string().nullable(),
  capabilities: z.array(z.enum(['chat', 'transcribe'])),
  keyOptional: z.boolean(),
});
export type AiProvider = z.infer<typeof aiProviderViewSchema>;
export const aiProviderListSchema = z.object({ providers: z.array(aiProviderViewSchema) });

/** A provider key as the API shows it: masked, never the secret. */
export const maskedKeySchema = z.object({
  id: z.string(),
  provider: providerIdSchema,
  label: z.string(),
  scope: keyScopeSchema,
  baseUrl: z.string().nullable(),
  hint: z.string().describe('masked key, e.g. sk-…a1b2'),
  models: z.array(z.string()),
  validatedAt: z.string(),
  createdAt: z.string(),
});
export type AiKey = z.infer<typeof maskedKeySchema>;
export const aiKeyListSchema = z.object({ keys: z.array(maskedKeySchema) });

/** GET /api/ai/models: models usable with the caller's keys, and the chain in effect. */
export const aiModelViewSchema = z.object({ ref: z.string(), provider: providerIdSchema, model: z.string(), keyId: z.string(), scope: keyScopeSchema });
export type AiModel = z.infer<typeof aiModelViewSchema>;
export const aiModelListSchema = z.object({ models: z.array(aiModelViewSchema), chain: z.array(z.string()).describe('default model first, then fallbacks') });
export type AiModelList = z.infer<typeof aiModelListSchema>;

export const aiSettingsSchema = z.object({
  defaultModel: modelRefSchema.nullable().describe('provider:model used when a request names none'),
  fallbackModels: z.array(modelRefSchema).max(10).describe('tried in order when the model before fails with 429 or 5xx'),
  monthlyBudgetUsd: z.number().min(0).max(1_000_000).nullable().describe('estimated spend per calendar month (UTC); null for none'),
  hardLimit: z.boolean().describe('true: calls stop once the budget is spent; false: they go on and usage shows the overrun'),
});
export type AiSettings = z.infer<typeof aiSettingsSchema>;

const totalsSchema = z.object({ calls: z.number(), inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() });
const budgetSchema = z.object({ budgetUsd: z.number().nullable(), spentUsd: z.number(), hardLimit: z.boolean(), exceeded: z.boolean() });

/** GET /api/ai/usage. */
export const usageReportSchema = z.object({
  month: z.string(),
  totals: totalsSchema.describe('the whole workspace, or only you without ai:manage'),
  byModel: z.array(totalsSchema.extend({ provider: z.string(), model: z.string(), priced: z.boolean() })),
  byUser: z.array(totalsSchema.extend({ userId: z.string() })),
  byDay: z.array(totalsSchema.extend({ day: z.string() })),
  byFeature: z.array(totalsSchema.extend({ feature: z.string() })),
  budgets: z.object({ workspace: budgetSchema, user: budgetSchema }),
});
export type UsageReport = z.infer<typeof usageReportSchema>;
