import { Counter } from 'prom-client';
import { perObject } from '../platform/context-state.js';
import type { AppContext } from '../platform/index.js';

export interface AiMetrics {
  tokens: Counter<'provider' | 'direction'>;
  calls: Counter<'provider' | 'outcome'>;
}

// Keyed by the metrics (which contexts may share), so each counter is registered once per registry.
const byMetrics = perObject((metrics: AppContext['metrics']): AiMetrics => {
  const registers = [metrics.registry];
  return {
    tokens: new Counter({ name: 'atom_ai_tokens_total', help: 'Model tokens by provider and direction (input/output).', labelNames: ['provider', 'direction'], registers }),
    calls: new Counter({ name: 'atom_ai_calls_total', help: 'Model calls by provider and outcome (ok, fallback, failed).', labelNames: ['provider', 'outcome'], registers }),
  };
});

/** The AI domain's metrics, created once per app registry. */
export const aiMetrics = (ctx: AppContext): AiMetrics => byMetrics(ctx.metrics);
