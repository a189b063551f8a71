import { z } from 'zod';
import { isAppError, type AppContext } from '../platform/index.js';
import { actionRegistry, defineAction, nonRetryable, retryable } from '../workflows/index.js';
import { aiServices } from './assistant.js';

/** Usage of workflow AI steps is recorded under this user id (runs have no person behind them). */
export const WORKFLOW_AI_USER = 'workflows';

const parseJson = (text: string): unknown => {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
  return JSON.parse(fenced.trim());
};

/**
 * `ai.generate`, the action behind workflow steps of type `ai`: one model call with the workspace's keys,
 * default model and fallback chain, counted against the workspace budget. Registered once per context
 * (the AI routes and the actions module both call this); the action runs with that context.
 */
export function registerAiWorkflowAction(ctx: AppContext): void {
  const registry = actionRegistry(ctx);
  if (registry.get('ai.generate')) return;
  registry.register(
    defineAction({
      id: 'ai.generate',
      title: 'Generate with AI',
      description: 'Writes text or JSON from a prompt with the workspace\'s AI model.',
      aiDescription: 'Use for summarising, extracting fields, classifying or drafting text inside a workflow; set output to json (and a schema) when later steps need fields.',
      input: z.object({
        prompt: z.string().min(1),
        output: z.enum(['text', 'json']).default('text'),
        schema: z.record(z.string(), z.unknown()).optional(),
      }),
      output: z.object({ text: z.string(), json: z.unknown().optional(), model: z.string() }),
      idempotent: false,
      sideEffect: false,
      async run(actx, input) {
        const ai = aiServices(ctx);
        const system =
          input.output === 'json'
            ? `Answer with one JSON value only, no prose.${input.schema ? ` It must match this JSON Schema: ${JSON.stringify(input.schema)}` : ''}`
            : 'Answer concisely; your answer is used as-is by an automation.';
        try {
          const r = await ai.runner.run({ workspaceId: actx.workspaceId, userId: WORKFLOW_AI_USER, feature: 'workflow', system, messages: [{ role: 'user', content: input.prompt }], signal: actx.signal });
          if (input.output === 'text') return { text: r.text, model: r.model };
          try {
            return { text: r.text, json: parseJson(r.text), model: r.model };
          } catch {
            throw retryable('ai.generate.not_json', 'The model did not answer with JSON.');
          }
        } catch (err) {
          if (!isAppError(err)) throw err;
          // Rate limits and outages may pass; a missing key or a spent budget will not by retrying.
          if (err.code === 'ai.provider.all_failed') throw retryable(err.code, err.message, { cause: err });
          throw nonRetryable(err.code, err.message, { cause: err });
        }
      },
    }),
  );
}
