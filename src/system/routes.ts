import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Histogram } from 'prom-client';
import type { AppContext } from '../platform/index.js';
import { systemHealthSchema, systemStatusSchema } from '../shared/system.js';
import { evaluateAlerts, systemStatus } from './alerts.js';
import { createTrafficSampler } from './http-sampler.js';

export type { SystemHealth } from '../shared/system.js';

/** The admin health dashboard's data: dependencies, process, traffic history, alerts, domain gauges. */
export function systemRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const histogram = ctx.metrics.httpRequestDuration as unknown as Histogram<string>;
  const intervalMs = ctx.config.ATOM_HEALTH_SAMPLE_MS;
  const sampler = createTrafficSampler(histogram, { intervalMs, keep: 90 });
  sampler.start();
  ctx.lifecycle.onShutdown('health-sampler', () => sampler.stop());
  const thresholds = {
    errorRate: ctx.config.ATOM_ALERT_ERROR_RATE,
    latencyP95Ms: ctx.config.ATOM_ALERT_LATENCY_P95_MS,
    rssBytes: ctx.config.ATOM_ALERT_RSS_MB * 1048576,
  };

  /** Readiness checks and alerts, the inputs of the one status rule (`systemStatus`). */
  const assess = async () => {
    const checks = await ctx.readiness.run();
    const memory = process.memoryUsage();
    const samples = sampler.history();
    const recent = samples.slice(-Math.max(1, Math.round(300_000 / intervalMs)));
    const alerts = evaluateAlerts({ thresholds, failedChecks: checks.filter((c) => !c.ok), recent, rssBytes: memory.rss });
    return { checks, memory, samples, alerts, status: systemStatus(checks, alerts) };
  };

  const modeOf = () => ({ database: ctx.database.dialect, queue: ctx.redis ? ('redis' as const) : ('embedded' as const) });

  return async (app) => {
    app.get(
      '/status',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['system'],
          summary: "The system's verdict for anyone signed in (home's status card): the same rule and inputs as /api/system/health, without the admin detail.",
          response: { 200: systemStatusSchema },
        },
      },
      async () => {
        const { checks, alerts, status } = await assess();
        return { status, mode: modeOf(), checks, alerts: alerts.length };
      },
    );

    app.get(
      '/health',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['system'],
          summary: 'Live system health for admins: dependencies, process, request rate/errors/latency history, alerts.',
          response: { 200: systemHealthSchema },
        },
      },
      async () => {
        const { checks, memory, samples, alerts, status } = await assess();
        const metrics = (await ctx.metrics.registry.getMetricsAsJSON())
          .filter((m) => m.name.startsWith('atom_') && (String(m.type) === 'gauge' || String(m.type) === 'counter'))
          .map((m) => ({
            name: m.name,
            help: m.help,
            type: String(m.type),
            values: m.values.slice(0, 50).map((v) => ({ labels: v.labels as Record<string, string | number>, value: v.value })),
          }));
        return {
          status,
          mode: modeOf(),
          checks,
          process: { uptimeSeconds: Math.round(process.uptime()), rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, nodeVersion: process.version, pid: process.pid },
          traffic: { intervalSeconds: intervalMs / 1000, samples: [...samples] },
          alerts,
          thresholds,
          metrics,
        };
      },
    );
  };
}
