import { z } from 'zod';

/** System health API shapes (server response schemas; the web app imports their types). zod only. */

export const trafficSampleSchema = z.object({
  at: z.string(),
  requests: z.number(),
  serverErrors: z.number(),
  clientErrors: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
});

export const systemHealthSchema = z.object({
  status: z.enum(['healthy', 'degraded', 'down']),
  mode: z.object({ database: z.enum(['sqlite', 'postgres']), queue: z.enum(['embedded', 'redis']) }),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), durationMs: z.number(), error: z.string().optional() })),
  process: z.object({ uptimeSeconds: z.number(), rssBytes: z.number(), heapUsedBytes: z.number(), nodeVersion: z.string(), pid: z.number() }),
  traffic: z.object({ intervalSeconds: z.number(), samples: z.array(trafficSampleSchema) }),
  alerts: z.array(z.object({ id: z.string(), severity: z.enum(['critical', 'warning']), message: z.string() })),
  thresholds: z.object({ errorRate: z.number(), latencyP95Ms: z.number(), rssBytes: z.number() }),
  metrics: z
    .array(
      z.object({
        name: z.string(),
        help: z.string(),
        type: z.string(),
        values: z.array(z.object({ labels: z.record(z.string(), z.union([z.string(), z.number()])), value: z.number() })),
      }),
    )
    .describe('Atom gauges and counters other domains export (queue depth, connections by status, memory size, ...).'),
});

export type SystemHealth = z.infer<typeof systemHealthSchema>;

export const systemStatusSchema = systemHealthSchema.pick({ status: true, mode: true, checks: true }).extend({ alerts: z.number().int().describe('how many alerts are raised (their text is for admins)') });
export type SystemStatus = z.infer<typeof systemStatusSchema>;
