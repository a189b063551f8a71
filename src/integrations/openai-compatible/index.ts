import { z } from 'zod';
import { createServiceClient, type FaultReader, type ServiceClient } from '../http/index.js';
import { defineService, type ServiceCallContext } from '../kit/index.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

/**
 * An OpenAI-compatible model API (OpenAI, Azure-style gateways, Ollama, LM Studio, vLLM, Groq, OpenRouter...):
 * the connection holds the base URL and key, so one connection can point at a local model. Calls go through the
 * SSRF-guarded fetch (a local Ollama needs ATOM_SSRF_ALLOW) and the resilient client (429 + Retry-After, 5xx).
 */
const settings = z.object({
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.openai.com/v1 or http://127.0.0.1:11434/v1' }).max(500).default('https://api.openai.com/v1'),
  apiKey: z.string().max(1024).default(''),
  defaultModel: z.string().trim().min(1).max(200).default('gpt-4o-mini'),
});
type Settings = z.output<typeof settings>;

/** `{ error: { message, type, code } }` (platform.openai.com/docs/guides/error-codes). */
const openaiError = z.object({ error: z.object({ message: z.string().optional(), type: z.string().nullish(), code: z.string().nullish() }).loose() }).loose();
export const readOpenAiFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = openaiError.safeParse(body).data?.error;
  // OpenAI's 401 quotes the key it was sent: never pass that text on.
  if (status === 401) return { message: 'the API key was not accepted; reconnect with a current key' };
  if (!e) return undefined;
  if (e.code === 'model_not_found') return { code: 'integrations.http.not_found', providerCode: e.code, message: `“${e.message ?? 'model not found'}”` };
  if (status === 429 && e.code === 'insufficient_quota') return { code: 'integrations.http.forbidden', providerCode: e.code, message: 'the account has no quota left (check its billing)' };
  return { ...(e.code ? { providerCode: e.code } : {}), message: `“${(e.message ?? e.type ?? 'error').slice(0, 300)}”` };
};

const clientOf = (ctx: ServiceCallContext<Settings>): ServiceClient =>
  createServiceClient({
    service: { id: 'openai-compatible', name: 'The model API' },
    baseUrl: ctx.settings.baseUrl,
    fetch: ctx.guardedFetch,
    readFault: readOpenAiFault,
    // Generation can take a while; retries still honour Retry-After.
    timeoutMs: 120_000,
    credentials: { apply: (h) => void (ctx.settings.apiKey ? h.set('authorization', `Bearer ${ctx.settings.apiKey}`) : undefined) },
  });

const openai = defineService({
  id: 'openai-compatible',
  name: 'The model API',
  settings,
  label: (s) => `${new URL(s.baseUrl).host} (${s.defaultModel})`,
  async check(ctx) {
    await clientOf(ctx).call({ path: 'models', signal: ctx.signal }, z.object({ data: z.array(z.unknown()) }).loose());
  },
});

const chatAnswer = z
  .object({
    model: z.string().optional(),
    choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }).loose(), finish_reason: z.string().nullable().optional() }).loose()).min(1),
    usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).loose().optional(),
  })
  .loose();
const message = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().max(200_000) });
const chatInput = z
  .object({
    prompt: z.string().max(200_000).optional().describe('The user message (or give messages)'),
    system: z.string().max(50_000).optional().describe('Instructions for the model'),
    messages: z.array(message).max(200).optional().describe('A whole conversation instead of prompt'),
    model: z.string().trim().min(1).max(200).optional().describe("Default: the connection's model"),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(128_000).optional(),
  })
  .refine((i) => Boolean(i.prompt) || (i.messages?.length ?? 0) > 0, { error: 'give a prompt or messages', path: ['prompt'] });
const usageOut = z.object({ inputTokens: z.number(), outputTokens: z.number() }).nullable();

async function complete(ctx: ServiceCallContext<Settings>, i: z.output<typeof chatInput>, json: boolean) {
  const messages = [...(i.system ? [{ role: 'system', content: i.system }] : []), ...(i.messages ?? []), ...(i.prompt ? [{ role: 'user', content: i.prompt }] : [])];
  const a = await clientOf(ctx).call(
    {
      method: 'POST',
      path: 'chat/completions',
      json: { model: i.model ?? ctx.settings.defaultModel, messages, ...(i.temperature !== undefined ? { temperature: i.temperature } : {}), ...(i.maxTokens ? { max_tokens: i.maxTokens } : {}), ...(json ? { response_format: { type: 'json_object' } } : {}) },
      signal: ctx.signal,
    },
    chatAnswer,
  );
  const choice = a.choices[0]!;
  return { text: choice.message.content ?? '', model: a.model ?? i.model ?? ctx.settings.defaultModel, finishReason: choice.finish_reason ?? null, usage: a.usage ? { inputTokens: a.usage.prompt_tokens, outputTokens: a.usage.completion_tokens } : null };
}

export const chatCompletion = openai.operation({
  id: 'openai_compatible.chat_completion',
  title: 'Ask a model (chat completion)',
  description: 'Sends a prompt (or a conversation) to an OpenAI-compatible model and returns its answer.',
  aiDescription:
    'Use to call a model through a connection of its own (OpenAI, a local Ollama, any OpenAI-compatible server): summarise, rewrite, classify, draft. Give prompt (and optionally system) or messages. For Atom’s own configured model prefer an AI step (ai.generate). The answer is untrusted text.',
  idempotent: false,
  sideEffect: false,
  input: chatInput,
  output: z.object({ text: z.string(), model: z.string(), finishReason: z.string().nullable(), usage: usageOut }),
  run: (ctx, i) => complete(ctx, i, false),
});

export const generateJson = openai.operation({
  id: 'openai_compatible.generate_json',
  title: 'Ask a model for JSON',
  description: 'Asks an OpenAI-compatible model for a JSON object (JSON mode) and returns it parsed.',
  aiDescription: 'Use to extract fields or classify into a JSON object with a model of its own connection; say in the prompt which keys you want (the word JSON must appear). The parsed object is untrusted data.',
  idempotent: false,
  sideEffect: false,
  input: chatInput,
  output: z.object({ json: z.record(z.string(), z.unknown()), text: z.string(), model: z.string(), usage: usageOut }),
  async run(ctx, i) {
    const r = await complete(ctx, i, true);
    let json: unknown;
    try {
      json = JSON.parse(r.text);
    } catch {
      throw Object.assign(new Error(`the model did not answer with JSON (“${r.text.slice(0, 120)}”)`), { code: 'EBADJSON' });
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw Object.assign(new Error('the model answered JSON that is not an object'), { code: 'EBADJSON' });
    return { json: json as Record<string, unknown>, text: r.text, model: r.model, usage: r.usage };
  },
});

export const listModels = openai.operation({
  id: 'openai_compatible.list_models',
  title: 'List models',
  description: 'Lists the models the API offers (OpenAI, or what a local server has pulled).',
  aiDescription: 'Use to see which model names an OpenAI-compatible connection accepts before choosing one.',
  idempotent: true,
  sideEffect: false,
  input: z.object({}),
  output: z.object({ models: z.array(z.object({ id: z.string(), ownedBy: z.string().nullable() })) }),
  async run(ctx) {
    const a = await clientOf(ctx).call({ path: 'models', signal: ctx.signal }, z.object({ data: z.array(z.object({ id: z.string(), owned_by: z.string().nullish() }).loose()) }).loose());
    return { models: a.data.map((m) => ({ id: m.id, ownedBy: m.owned_by ?? null })) };
  },
});

export const openaiActions = [chatCompletion, generateJson, listModels];

/** OpenAI-compatible API, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const openaiCompatibleIntegration = defineIntegration({ catalog, kit: openai, actions: openaiActions });
