import { Counter } from 'prom-client';
import type { AppContext } from '../platform/index.js';

export interface AiMetrics {
  tokens: Counter<'provider' | 'direction'>;
  calls: Counter<'provider' | 'outcome'>;
}

const byContext = new WeakMap<object, AiMetrics>();

/** The AI domain's metrics, created once per app registry. */
export function aiMetrics(ctx: AppContext): AiMetrics {
  const existing = byContext.get(ctx.metrics);
  if (existing) return existing;
  const registers = [ctx.metrics.registry];
  const m: AiMetrics = {
    tokens: new Counter({ name: 'atom_ai_tokens_total', help: 'Model tokens by provider and direction (input/output).', labelNames: ['provider', 'direction'], registers }),
    calls: new Counter({ name: 'atom_ai_calls_total', help: 'Model calls by provider and outcome (ok, fallback, failed).', labelNames: ['provider', 'outcome'], registers }),
  };
  byContext.set(ctx.metrics, m);
  return m;
}
