import { Counter } from 'prom-client';
import { perObject } from '../platform/context-state.js';
import type { AppContext } from '../platform/index.js';

export interface AuthMetrics {
  signIns: Counter<'method' | 'outcome'>;
  rateLimited: Counter<'scope'>;
}

// Keyed by the metrics (which contexts may share), so each counter is registered once per registry.
const byMetrics = perObject((metrics: AppContext['metrics']): AuthMetrics => {
  const registers = [metrics.registry];
  return {
    signIns: new Counter({
      name: 'atom_auth_sign_ins_total',
      help: 'Sign-in attempts by method (password, oidc) and outcome (success, failure, locked).',
      labelNames: ['method', 'outcome'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'atom_http_rate_limited_total',
      help: 'Requests refused by a rate limit, by scope (user, ip, sign_in).',
      labelNames: ['scope'],
      registers,
    }),
  };
});

/** The auth domain's metrics, created once per app registry. */
export const authMetrics = (ctx: AppContext): AuthMetrics => byMetrics(ctx.metrics);
