import { providerIdSchema, type ProviderId } from '../../shared/ai.js';

/**
 * The providers a user can bring a key for. Most speak the OpenAI wire format; only the family decides
 * which AI SDK provider builds the model and how a key is checked. The id list and the model-ref schema
 * are API shapes, so they live in src/shared/ai.ts (the web app reads them).
 */
export { providerIds, providerIdSchema, modelRefSchema, type ProviderId } from '../../shared/ai.js';

export type ProviderFamily = 'openai' | 'anthropic' | 'google' | 'openai-compatible' | 'azure' | 'deepgram';

export interface ProviderInfo {
  id: ProviderId;
  label: string;
  family: ProviderFamily;
  /** Official endpoint; null when the user must give one (Azure resource, self-hosted server). */
  baseUrl: string | null;
  /** What the key is for: chat models, speech-to-text, or both. */
  capabilities: ('chat' | 'transcribe')[];
  /** A key is optional (local Ollama/LM Studio/vLLM servers often run without one). */
  keyOptional: boolean;
  /** Offered when the provider's model list cannot be fetched. */
  suggestedModels: string[];
}

export const providers: Record<ProviderId, ProviderInfo> = {
  openai: { id: 'openai', label: 'OpenAI', family: 'openai', baseUrl: 'https://api.openai.com/v1', capabilities: ['chat', 'transcribe'], keyOptional: false, suggestedModels: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini'] },
  anthropic: { id: 'anthropic', label: 'Anthropic', family: 'anthropic', baseUrl: 'https://api.anthropic.com/v1', capabilities: ['chat'], keyOptional: false, suggestedModels: ['claude-sonnet-4-5', 'claude-haiku-4-5'] },
  google: { id: 'google', label: 'Google Gemini', family: 'google', baseUrl: 'https://generativelanguage.googleapis.com/v1beta', capabilities: ['chat'], keyOptional: false, suggestedModels: ['gemini-2.5-flash', 'gemini-2.5-pro'] },
  mistral: { id: 'mistral', label: 'Mistral', family: 'openai-compatible', baseUrl: 'https://api.mistral.ai/v1', capabilities: ['chat'], keyOptional: false, suggestedModels: ['mistral-small-latest', 'mistral-large-latest'] },
  groq: { id: 'groq', label: 'Groq', family: 'openai-compatible', baseUrl: 'https://api.groq.com/openai/v1', capabilities: ['chat', 'transcribe'], keyOptional: false, suggestedModels: ['llama-3.3-70b-versatile'] },
  deepseek: { id: 'deepseek', label: 'DeepSeek', family: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', capabilities: ['chat'], keyOptional: false, suggestedModels: ['deepseek-chat'] },
  openrouter: { id: 'openrouter', label: 'OpenRouter', family: 'openai-compatible', baseUrl: 'https://openrouter.ai/api/v1', capabilities: ['chat'], keyOptional: false, suggestedModels: ['openai/gpt-4o-mini'] },
  azure: { id: 'azure', label: 'Azure OpenAI', family: 'azure', baseUrl: null, capabilities: ['chat'], keyOptional: false, suggestedModels: [] },
  custom: { id: 'custom', label: 'OpenAI-compatible server (Ollama, LM Studio, vLLM)', family: 'openai-compatible', baseUrl: null, capabilities: ['chat', 'transcribe'], keyOptional: true, suggestedModels: [] },
  deepgram: { id: 'deepgram', label: 'Deepgram', family: 'deepgram', baseUrl: 'https://api.deepgram.com', capabilities: ['transcribe'], keyOptional: false, suggestedModels: ['nova-3'] },
};

export interface ModelRef {
  provider: ProviderId;
  model: string;
}

export function parseModelRef(ref: string): ModelRef {
  const i = ref.indexOf(':');
  return { provider: providerIdSchema.parse(ref.slice(0, i)), model: ref.slice(i + 1) };
}

export const formatModelRef = (r: ModelRef) => `${r.provider}:${r.model}`;
