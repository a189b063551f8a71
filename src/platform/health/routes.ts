import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { makeProblem, PROBLEM_CONTENT_TYPE, problemSchema } from '../http/problem.js';

const checkResult = z.object({
  name: z.string(),
  ok: z.boolean(),
  durationMs: z.number(),
  error: z.string().optional(),
});

const readyBody = z.object({
  status: z.literal('ready'),
  mode: z.object({ database: z.enum(['sqlite', 'postgres']), queue: z.enum(['embedded', 'redis']) }),
  checks: z.array(checkResult),
});

/**
 * Route config for the liveness, readiness and metrics probes: their own per-IP bucket, much larger than
 * the anonymous one, so a flood of API requests from one address (or from everyone behind one proxy)
 * cannot make the orchestrator see 429 from a healthy process and restart it. Still bounded, since
 * /ready touches the database and /metrics renders every series.
 */
export const probeRateLimit = (ctx: AppContext) => ({
  max: Math.max(ctx.config.ATOM_RATE_LIMIT_PER_MINUTE, 10 * ctx.config.ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE),
  timeWindow: 60_000,
  keyGenerator: (request: FastifyRequest) => `probe:${request.ip}`,
});

/** Liveness, readiness and Prometheus metrics. */
export function healthRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  // Probes are not counted against the anonymous per-IP limit (see probeRateLimit).
  const probeLimit = probeRateLimit(ctx);
  return async (app) => {
    app.get(
      '/health',
      {
        config: { permission: 'public', rateLimit: probeLimit },
        schema: {
          tags: ['platform'],
          summary: 'Liveness: answers 200 while the process runs; checks no dependency.',
          response: { 200: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) },
        },
      },
      async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
    );

    app.get(
      '/ready',
      {
        config: { permission: 'public', rateLimit: probeLimit },
        schema: {
          tags: ['platform'],
          summary: 'Readiness: database, data directory, and Redis when configured. 503 names the failed check.',
          response: { 200: readyBody, 503: problemSchema },
        },
      },
      async (request, reply) => {
        const checks = await ctx.readiness.run();
        const failed = checks.filter((c) => !c.ok);
        if (failed.length > 0 || ctx.lifecycle.shuttingDown) {
          const detail = ctx.lifecycle.shuttingDown
            ? 'The server is shutting down.'
            : `Not ready: ${failed.map((c) => `${c.name} (${c.error ?? 'failed'})`).join(', ')}.`;
          return reply
            .code(503)
            .type(PROBLEM_CONTENT_TYPE)
            .send(
              makeProblem({
                status: 503,
                code: 'platform.not_ready',
                detail,
                instance: request.url,
                requestId: request.id,
                extensions: { checks },
              }),
            );
        }
        return {
          status: 'ready' as const,
          mode: { database: ctx.database.dialect, queue: ctx.redis ? ('redis' as const) : ('embedded' as const) },
          checks,
        };
      },
    );

    if (ctx.config.ATOM_METRICS) {
      app.get(
        '/metrics',
        {
          config: { permission: 'public', rateLimit: probeLimit },
          schema: {
            tags: ['platform'],
            summary: 'Prometheus metrics in the text exposition format.',
            produces: ['text/plain'],
            response: { 200: z.string() },
          },
        },
        async (_request, reply) => {
          const body = await ctx.metrics.registry.metrics();
          return reply.type(ctx.metrics.registry.contentType).send(body);
        },
      );
    }
  };
}
