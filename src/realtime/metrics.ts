import { Counter, Gauge } from 'prom-client';
import { perObject } from '../platform/context-state.js';
import type { AppContext } from '../platform/index.js';

// Keyed by the registry (which contexts may share), so each metric is registered once in it.
const byRegistry = perObject(build);

/** atom_realtime_* metrics, registered once per app registry. */
export const realtimeMetrics = (ctx: AppContext) => byRegistry(ctx.metrics.registry);

function build(registry: AppContext['metrics']['registry']) {
  return {
    streams: new Gauge({ name: 'atom_realtime_streams', help: 'Open live event streams (GET /api/events) in this process.', registers: [registry] }),
    published: new Counter({ name: 'atom_realtime_events_published_total', help: 'Live events published from this process, by domain (first part of the type).', labelNames: ['domain'], registers: [registry] }),
    failed: new Counter({ name: 'atom_realtime_publish_failures_total', help: 'Live events that could not be published (invalid, or the bus was unreachable).', registers: [registry] }),
  };
}
