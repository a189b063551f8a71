import { Counter, Gauge } from 'prom-client';
import type { AppContext } from '../platform/index.js';

const byRegistry = new WeakMap<AppContext['metrics']['registry'], ReturnType<typeof build>>();

/** atom_realtime_* metrics, registered once per app registry. */
export function realtimeMetrics(ctx: AppContext) {
  let m = byRegistry.get(ctx.metrics.registry);
  if (!m) byRegistry.set(ctx.metrics.registry, (m = build(ctx.metrics.registry)));
  return m;
}

function build(registry: AppContext['metrics']['registry']) {
  return {
    streams: new Gauge({ name: 'atom_realtime_streams', help: 'Open live event streams (GET /api/events) in this process.', registers: [registry] }),
    published: new Counter({ name: 'atom_realtime_events_published_total', help: 'Live events published from this process, by domain (first part of the type).', labelNames: ['domain'], registers: [registry] }),
    failed: new Counter({ name: 'atom_realtime_publish_failures_total', help: 'Live events that could not be published (invalid, or the bus was unreachable).', registers: [registry] }),
  };
}
