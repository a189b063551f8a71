import { circuitBreaker, ConsecutiveBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { Counter, Histogram, type Registry } from 'prom-client';
import { createResponseCache, type ResponseCache } from './cache.js';
import { countsAgainstBreaker } from './errors.js';
import { createServiceLimiter, defaultServiceLimits, type ServiceLimiter, type ServiceLimits } from './limits.js';

export interface BreakerSettings {
  /** Consecutive failures (network, timeout, 5xx) that open the circuit. */
  failures: number;
  /** How long an open circuit waits before letting one call probe the service. */
  halfOpenAfterMs: number;
}

export const defaultBreakerSettings: BreakerSettings = { failures: 5, halfOpenAfterMs: 30_000 };

export interface IntegrationMetrics {
  calls: Counter<'service' | 'outcome'>;
  duration: Histogram<'service'>;
  retries: Counter<'service' | 'reason'>;
}

/**
 * The process-wide state shared by every service client: one limiter per service, one circuit
 * breaker per connection, the response cache and the metrics. One per app (tests build several).
 */
export interface HttpRuntime {
  limiterFor(serviceId: string, limits?: Partial<ServiceLimits>): ServiceLimiter;
  breakerFor(connectionKey: string, settings?: Partial<BreakerSettings>): CircuitBreakerPolicy;
  cache: ResponseCache;
  metrics: IntegrationMetrics | undefined;
}

/** A circuit breaker that opens after consecutive outbound failures that look like the service is down. */
export function createBreaker(settings: Partial<BreakerSettings> = {}): CircuitBreakerPolicy {
  const s = { ...defaultBreakerSettings, ...settings };
  return circuitBreaker(handleWhen(countsAgainstBreaker), { halfOpenAfter: s.halfOpenAfterMs, breaker: new ConsecutiveBreaker(s.failures) });
}

const metricsByRegistry = new WeakMap<Registry, IntegrationMetrics>();

export function integrationMetrics(registry: Registry): IntegrationMetrics {
  const known = metricsByRegistry.get(registry);
  if (known) return known;
  const m: IntegrationMetrics = {
    calls: new Counter({
      name: 'atom_integration_calls_total',
      help: 'Calls to outside services by service and outcome (ok or an error code).',
      labelNames: ['service', 'outcome'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'atom_integration_call_duration_seconds',
      help: 'Duration of one attempt of a call to an outside service.',
      labelNames: ['service'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'atom_integration_retries_total',
      help: 'Retried attempts by service and reason (error code).',
      labelNames: ['service', 'reason'],
      registers: [registry],
    }),
  };
  metricsByRegistry.set(registry, m);
  return m;
}

export function createHttpRuntime(options: { registry?: Registry; cacheEntries?: number } = {}): HttpRuntime {
  const limiters = new Map<string, ServiceLimiter>();
  const breakers = new Map<string, CircuitBreakerPolicy>();
  return {
    limiterFor(serviceId, limits) {
      let l = limiters.get(serviceId);
      if (!l) {
        l = createServiceLimiter({ ...defaultServiceLimits, ...limits });
        limiters.set(serviceId, l);
      }
      return l;
    },
    breakerFor(connectionKey, settings) {
      let b = breakers.get(connectionKey);
      if (!b) {
        b = createBreaker(settings);
        breakers.set(connectionKey, b);
      }
      return b;
    },
    cache: createResponseCache(options.cacheEntries),
    metrics: options.registry ? integrationMetrics(options.registry) : undefined,
  };
}
