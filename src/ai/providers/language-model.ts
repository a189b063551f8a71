import { createAnthropic } from '@ai-sdk/anthropic';
import { createAzure } from '@ai-sdk/azure';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { z } from 'zod';
import { AppError } from '../../platform/index.js';
import { providers, type ProviderId } from './catalog.js';
import type { ProviderFetch } from './outbound.js';

/** How a key talks to its provider (the `options` JSON column of ai_keys). */
export const providerOptionsSchema = z.object({ openaiApi: z.enum(['responses', 'chat']).optional(), azureApiVersion: z.string().optional() });

/** What building a model needs: the opened key (never stored or logged here) and where to send it. */
export interface ProviderCredentials {
  provider: ProviderId;
  apiKey: string;
  baseUrl: string | null;
  options: z.infer<typeof providerOptionsSchema>;
}

export const effectiveBaseUrl = (c: Pick<ProviderCredentials, 'provider' | 'baseUrl'>): string => {
  const url = c.baseUrl ?? providers[c.provider].baseUrl;
  if (!url) throw new AppError('ai.provider.base_url_required', `${providers[c.provider].label} needs a base URL.`, { status: 400 });
  return url.replace(/\/+$/, '');
};

/**
 * The AI SDK model for a provider key; every family streams and calls tools the same way after this.
 * `fetch` is the SSRF-guarded fetch: base URLs are member input.
 */
export function languageModel(c: ProviderCredentials, modelId: string, fetch: ProviderFetch): LanguageModel {
  const baseURL = effectiveBaseUrl(c);
  const info = providers[c.provider];
  switch (info.family) {
    case 'openai': {
      const openai = createOpenAI({ apiKey: c.apiKey, baseURL, fetch });
      return c.options.openaiApi === 'chat' ? openai.chat(modelId) : openai.responses(modelId);
    }
    case 'anthropic':
      return createAnthropic({ apiKey: c.apiKey, baseURL, fetch })(modelId);
    case 'google':
      return createGoogleGenerativeAI({ apiKey: c.apiKey, baseURL, fetch })(modelId);
    case 'azure':
      return createAzure({ apiKey: c.apiKey, baseURL, fetch, ...(c.options.azureApiVersion ? { apiVersion: c.options.azureApiVersion } : {}) }).chat(modelId);
    case 'openai-compatible':
      return createOpenAICompatible({
        name: c.provider,
        baseURL,
        fetch,
        ...(c.apiKey ? { apiKey: c.apiKey } : {}),
        includeUsage: true,
      }).chatModel(modelId);
    case 'deepgram':
      throw new AppError('ai.provider.not_a_chat_model', 'Deepgram keys transcribe speech; choose a chat model provider.', { status: 400 });
  }
}
