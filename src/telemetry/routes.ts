import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Histogram } from 'prom-client';
import { z } from 'zod';
import type { AppContext } from '../platform/index.js';

const vitalSchema = z.object({
  name: z.enum(['LCP', 'INP', 'CLS', 'FCP', 'TTFB']),
  value: z.number().min(0).max(600_000),
  rating: z.enum(['good', 'needs-improvement', 'poor']),
  path: z.string().max(512).optional(),
});

/**
 * Client performance monitoring: the web app reports Core Web Vitals here; they become Prometheus
 * histograms (seconds for timings, unitless for CLS) that the health dashboard reads.
 */
export function telemetryRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const timings = new Histogram({
    name: 'atom_web_vitals_seconds',
    help: 'Core Web Vitals timings reported by browsers (LCP, INP, FCP, TTFB).',
    labelNames: ['name', 'rating'],
    buckets: [0.05, 0.1, 0.2, 0.5, 1, 2, 2.5, 4, 8],
    registers: [ctx.metrics.registry],
  });
  const layoutShift = new Histogram({
    name: 'atom_web_vitals_cls',
    help: 'Cumulative Layout Shift reported by browsers.',
    labelNames: ['rating'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [ctx.metrics.registry],
  });
  return async (app) => {
    app.post(
      '/vitals',
      {
        // Public: the sign-in page reports too. Values are bounded and only feed aggregate histograms.
        // No CSRF token: the browser sends these with sendBeacon, which cannot carry one, and a request
        // here acts with nobody's rights (the session is never read), so forging one gains nothing.
        config: { permission: 'public', csrf: false },
        schema: {
          tags: ['telemetry'],
          summary: 'Report one Core Web Vitals measurement from the web app.',
          body: vitalSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const v = request.body;
        if (v.name === 'CLS') layoutShift.observe({ rating: v.rating }, v.value);
        else timings.observe({ name: v.name, rating: v.rating }, v.value / 1000);
        return reply.code(204).send(null);
      },
    );
  };
}
