import { Counter } from 'prom-client';
import type { AppContext } from '../platform/index.js';

export interface AuthMetrics {
  signIns: Counter<'method' | 'outcome'>;
  rateLimited: Counter<'scope'>;
}

const byRegistry = new WeakMap<object, AuthMetrics>();

/** The auth domain's metrics, created once per app registry. */
export function authMetrics(ctx: AppContext): AuthMetrics {
  const existing = byRegistry.get(ctx.metrics);
  if (existing) return existing;
  const registers = [ctx.metrics.registry];
  const m: AuthMetrics = {
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
  byRegistry.set(ctx.metrics, m);
  return m;
}
