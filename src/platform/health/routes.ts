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

/** Liveness, readiness and Prometheus metrics. */
export function healthRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        config: { permission: 'public' },
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
        config: { permission: 'public' },
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
          config: { permission: 'public' },
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
