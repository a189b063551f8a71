import { APICallError, streamText, type ModelMessage, type ToolSet } from 'ai';
import { AppError, type AppContext } from '../platform/index.js';
import type { KeyStore } from './keys/key-repository.js';
import { scrubText } from './chat/secret-scrub.js';
import { aiMetrics } from './metrics.js';
import { formatModelRef, parseModelRef, providers, type ModelRef } from './providers/catalog.js';
import { languageModel } from './providers/language-model.js';
import { blockedAddressError, providerFetch } from './providers/outbound.js';
import type { SettingsStore } from './settings/ai-settings.js';
import type { AiFeature, UsageLedger } from './usage/usage-ledger.js';

export interface ModelCall {
  workspaceId: string;
  userId: string;
  feature: AiFeature;
  /** provider:model; by default the caller's, then the workspace's default model. */
  model?: string | undefined;
  system?: string | undefined;
  messages: ModelMessage[];
  /** Tools the model may call; they carry no `execute`: the caller decides what runs (and what waits for a person). */
  tools?: ToolSet | undefined;
  onText?: ((delta: string) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface ModelToolCall {
  toolCallId: string;
  toolName: string;
  input: unknown;
}

export interface ModelCallResult {
  text: string;
  toolCalls: ModelToolCall[];
  model: string;
  usage: { inputTokens: number; outputTokens: number; costUsd: number; priced: boolean };
  /** Models tried before the one that answered, and why they were skipped. */
  fallbacks: { model: string; reason: string }[];
}

// The SDK prints provider compatibility warnings to stderr; they are about schema features we do not rely on.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

/** A failure worth trying the next model for: rate limits, provider outages, unreachable servers. */
function fallbackReason(error: unknown): string | undefined {
  // An address the SSRF guard refuses is a configuration problem, not an outage: reported, not skipped.
  if (blockedAddressError(error)) return undefined;
  if (APICallError.isInstance(error)) {
    const s = error.statusCode;
    if (s === undefined) return 'unreachable';
    if (s === 429 || s === 408 || s >= 500) return `HTTP ${s}`;
    return undefined;
  }
  if (error instanceof Error && /fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket/i.test(`${error.message} ${String(error.cause)}`)) return 'unreachable';
  return undefined;
}

const describeError = (error: unknown) =>
  blockedAddressError(error)?.message ??
  (APICallError.isInstance(error) ? `HTTP ${error.statusCode ?? '—'}: ${error.message}` : error instanceof Error ? error.message : String(error));

/**
 * Runs one model step with the caller's model chain: the default model first, then each fallback when a
 * provider answers 429/5xx or cannot be reached before any output streamed. Checks the budget before and
 * records tokens and estimated cost after. Provider retries are off: the chain is the retry policy.
 */
export function createModelRunner(ctx: AppContext, deps: { keys: KeyStore; settings: SettingsStore; usage: UsageLedger }) {
  const metrics = aiMetrics(ctx);
  const fetch = providerFetch(ctx.config.ATOM_SSRF_ALLOW);

  async function chainFor(workspaceId: string, userId: string, explicit?: string): Promise<ModelRef[]> {
    const user = await deps.settings.user(workspaceId, userId);
    const ws = await deps.settings.workspace(workspaceId);
    const refs = [explicit, user.defaultModel, ws.defaultModel, ...user.fallbackModels, ...ws.fallbackModels].filter((r): r is string => !!r);
    if (refs.length === 0) {
      // No default chosen yet: the first chat-capable key and its first listed model.
      const keys = await deps.keys.list(workspaceId, userId);
      const first = keys.find((k) => providers[k.provider].capabilities.includes('chat'));
      const model = first?.models[0] ?? (first ? providers[first.provider].suggestedModels[0] : undefined);
      if (first && model) refs.push(`${first.provider}:${model}`);
    }
    if (refs.length === 0) {
      throw new AppError('ai.no_model', 'No AI model is set up yet. Add a provider key in Settings → AI.', { status: 409 });
    }
    return [...new Set(refs)].map(parseModelRef);
  }

  async function run(call: ModelCall): Promise<ModelCallResult> {
    await deps.usage.assertWithinBudget(call.workspaceId, call.userId);
    const chain = await chainFor(call.workspaceId, call.userId, call.model);
    const fallbacks: ModelCallResult['fallbacks'] = [];
    for (const ref of chain) {
      const name = formatModelRef(ref);
      const creds = await deps.keys.credentialsFor(call.workspaceId, call.userId, ref.provider);
      if (!creds) {
        fallbacks.push({ model: name, reason: 'no key' });
        continue;
      }
      const outcome = await attempt(call, ref, languageModel(creds, ref.model, fetch));
      if (outcome.ok) {
        metrics.calls.inc({ provider: ref.provider, outcome: fallbacks.length ? 'fallback' : 'ok' });
        const cost = await deps.usage.record({
          workspaceId: call.workspaceId,
          userId: call.userId,
          provider: ref.provider,
          model: ref.model,
          feature: call.feature,
          inputTokens: outcome.inputTokens,
          outputTokens: outcome.outputTokens,
        });
        ctx.logger.info(
          { provider: ref.provider, model: ref.model, feature: call.feature, inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens, costUsd: cost.costUsd, fallbacks: fallbacks.length },
          'ai model call',
        );
        return {
          text: outcome.text,
          toolCalls: outcome.toolCalls,
          model: name,
          usage: { inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens, ...cost },
          fallbacks,
        };
      }
      metrics.calls.inc({ provider: ref.provider, outcome: 'failed' });
      const reason = fallbackReason(outcome.error);
      if (!reason || outcome.streamed) {
        // A refused key is the person's to fix, not an outage on our side: say so and where to fix it.
        const status = APICallError.isInstance(outcome.error) ? outcome.error.statusCode : undefined;
        if (status === 401 || status === 403) {
          throw new AppError('ai.key_refused', `${providers[ref.provider].label} refused the key (HTTP ${status}). Check or replace it in Settings → AI.`, {
            status: 409,
            extensions: { model: name, provider: ref.provider },
          });
        }
        // Provider messages sometimes quote the key they were given ("Incorrect API key provided: sk-…").
        const detail = scrubText(describeError(outcome.error), [creds.apiKey]);
        throw new AppError('ai.provider.failed', `${providers[ref.provider].label} (${ref.model}) failed: ${detail}`, {
          status: 502,
          extensions: { model: name, fallbacks },
        });
      }
      ctx.logger.warn({ provider: ref.provider, model: ref.model, reason }, 'ai model unavailable; trying the next in the chain');
      fallbacks.push({ model: name, reason });
    }
    throw new AppError(
      'ai.provider.all_failed',
      `No model in the chain answered (${fallbacks.map((f) => `${f.model}: ${f.reason}`).join('; ')}). Try again later or add a fallback model.`,
      { status: 503, extensions: { fallbacks } },
    );
  }

  type Attempt =
    | { ok: true; text: string; toolCalls: ModelToolCall[]; inputTokens: number; outputTokens: number }
    | { ok: false; error: unknown; streamed: boolean };

  async function attempt(call: ModelCall, ref: ModelRef, model: ReturnType<typeof languageModel>): Promise<Attempt> {
    let text = '';
    let streamed = false;
    const toolCalls: ModelToolCall[] = [];
    let inputTokens = 0;
    let outputTokens = 0;
    try {
      const result = streamText({
        model,
        messages: call.messages,
        ...(call.system ? { system: call.system } : {}),
        ...(call.tools ? { tools: call.tools } : {}),
        maxRetries: 0,
        // Errors arrive as stream parts; the SDK's default handler would print request bodies to stderr.
        onError: () => undefined,
        ...(call.signal ? { abortSignal: call.signal } : {}),
      });
      for await (const part of result.fullStream) {
        switch (part.type) {
          case 'text-delta':
            text += part.text;
            streamed = true;
            call.onText?.(part.text);
            break;
          case 'tool-call':
            streamed = true;
            toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
            break;
          case 'finish-step':
            inputTokens += part.usage.inputTokens ?? 0;
            outputTokens += part.usage.outputTokens ?? 0;
            break;
          case 'error':
            return { ok: false, error: part.error, streamed };
          default:
            break;
        }
      }
    } catch (error) {
      return { ok: false, error, streamed };
    }
    void ref;
    return { ok: true, text, toolCalls, inputTokens, outputTokens };
  }

  return { run, chainFor };
}

export type ModelRunner = ReturnType<typeof createModelRunner>;
