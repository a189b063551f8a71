import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { integrationTriggers } from '../../integrations/registry.js';
import { pushTriggerParser } from '../../integrations/triggers/push-delivery.js';
import type { AppContext } from '../../platform/index.js';
import type { WorkflowRuntime } from '../runtime.js';
import { hashToken } from '../tokens.js';
import { createWebhookReceiver } from '../webhooks/receiver.js';

const tokenParams = z.object({ token: z.string().min(10).max(200) });
const startedRun = z.object({ runId: z.string(), status: z.string() });
const finishedRun = startedRun.extend({ output: z.unknown() });
/** A push to an integration trigger starts one run per event it carries (none: status `ignored`). */
const acceptedDelivery = z.object({ runId: z.string().optional(), status: z.string(), runIds: z.array(z.string()).optional() });

/**
 * /api/hooks: public endpoints secured by their secret token. `/:token` starts a run of the workflow
 * whose webhook it is (or whose integration trigger receives pushes: src/integrations/triggers/push-delivery.ts) (signature, replay and idempotency: src/workflows/webhooks/); `/wait/:token`
 * resumes a step waiting for a webhook.
 */
export function hookRoutes(ctx: AppContext, runtime: () => WorkflowRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    const receiver = createWebhookReceiver(ctx, runtime, pushTriggerParser(integrationTriggers));
    // The raw body is needed for the signature, so this scope hands bodies over as bytes.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: '/:token',
      // Senders of one webhook often share a few IPs: limit per webhook token, not per anonymous IP.
      config: { permission: 'public', rateLimit: { max: ctx.config.ATOM_WEBHOOK_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000, keyGenerator: (request) => `hook:${hashToken(String((request.params as { token?: string }).token ?? ''))}` } },
      schema: {
        tags: ['hooks'],
        summary: 'Webhook trigger of a workflow, or a push-mode integration trigger (one run per event the service sent; its signature checked by the trigger): starts a run (202), or answers with its output when the trigger responds when finished. A repeat with the same Idempotency-Key (or X-GitHub-Delivery, webhook-id, svix-id, X-Shopify-Webhook-Id) within 24 h answers with the first run instead of starting another.',
        params: tokenParams,
        response: { 200: finishedRun, 202: acceptedDelivery },
      },
      handler: async (request, reply) => {
        const answer = await receiver.receive({ token: request.params.token, ip: request.ip, method: request.method, headers: request.headers, query: request.query, rawBody: request.body });
        if (answer.finished) return reply.code(200).send({ runId: answer.runId, status: answer.status, output: answer.output });
        if ('pushed' in answer) return reply.code(202).send({ ...(answer.runId ? { runId: answer.runId } : {}), status: answer.status, runIds: answer.runIds });
        return reply.code(202).send({ runId: answer.runId, status: answer.status });
      },
    });

    app.post(
      '/wait/:token',
      {
        config: { permission: 'public' },
        schema: { tags: ['hooks'], summary: 'Resumes a step waiting for a webhook or an approval (its body becomes the step output).', params: tokenParams, response: { 202: z.object({ runId: z.string() }) } },
      },
      async (request, reply) => reply.code(202).send(await receiver.resume(request.params.token, { headers: request.headers, rawBody: request.body })),
    );
  };
}
