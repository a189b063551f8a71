import { Counter, Histogram, Registry, collectDefaultMetrics, type Gauge } from 'prom-client';

/**
 * One Prometheus registry per running app (not prom-client's global), so several apps can live in one
 * test process. Domains add their own metrics to `registry` with names prefixed `atom_`.
 */
export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  dbQueryDuration: Histogram<'dialect' | 'operation'>;
  dbQueryErrors: Counter<'dialect' | 'operation'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) {
    collectDefaultMetrics({ register: registry });
    // prom-client names these gauges *_total, which Prometheus reserves for counters (promtool rejects
    // them). nodejs_active_resources (by type) carries the same information.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      registry.removeSingleMetric(name);
    }
  }
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'atom_http_request_duration_seconds',
      help: 'HTTP request duration by route template and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    dbQueryDuration: new Histogram({
      name: 'atom_db_query_duration_seconds',
      help: 'Database query duration by dialect and SQL operation.',
      labelNames: ['dialect', 'operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
    dbQueryErrors: new Counter({
      name: 'atom_db_query_errors_total',
      help: 'Database queries that failed, by dialect and SQL operation.',
      labelNames: ['dialect', 'operation'],
      registers: [registry],
    }),
  };
}

export type { Gauge };
