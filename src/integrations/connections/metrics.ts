import { Gauge } from 'prom-client';
import { perObject } from '../../platform/context-state.js';
import type { AppContext } from '../../platform/index.js';
import '../tables.js';

// Whether a registry has the gauge already (contexts may share one; a metric is registered once in it).
const registration = perObject((_registry: AppContext['metrics']['registry']): { done: boolean } => ({ done: false }));

/**
 * `atom_integration_connections{service,status}`: how many connections each service has in each health
 * status, counted from the database when Prometheus scrapes (so every replica reports the same truth).
 */
export function registerConnectionMetrics(ctx: AppContext): void {
  const registry = ctx.metrics.registry;
  const state = registration(registry);
  if (state.done) return;
  state.done = true;
  new Gauge({
    name: 'atom_integration_connections',
    help: 'Connections by service and health status (healthy, degraded, expired, revoked, error).',
    labelNames: ['service', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await ctx.db
        .selectFrom('integration_connections')
        .select(['service_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['service_id', 'status'])
        .execute()
        .catch(() => []);
      for (const r of rows) this.set({ service: r.service_id, status: r.status }, Number(r.n));
    },
  });
}
