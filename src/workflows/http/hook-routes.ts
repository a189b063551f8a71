import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errors, newId, type AppContext } from '../../platform/index.js';
import { createVault } from '../../vault/index.js';
import { hashToken } from '../engine/executor.js';
import type { WorkflowRuntime } from '../runtime.js';
import { createUnknownTokenLimiter, tooManyUnknownTokens } from './unknown-token-limit.js';

const dropHeaders = new Set(['authorization', 'cookie', 'x-atom-signature', 'proxy-authorization']);

/** A repeat of a keyed delivery within this time returns the first delivery's run. */
const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/**
 * Headers naming a delivery, first match wins: the generic `Idempotency-Key`, then the delivery ids of
 * common senders (GitHub, Standard Webhooks/Svix, Shopify), which stay the same when they retry.
 */
export const IDEMPOTENCY_HEADERS = ['idempotency-key', 'x-github-delivery', 'webhook-id', 'svix-id', 'x-shopify-webhook-id'] as const;
const idempotencyKeySchema = z.string().trim().min(1).max(255).regex(/^[\x21-\x7e]+$/);

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  for (const name of IDEMPOTENCY_HEADERS) {
    const value = request.headers[name];
    if (value === undefined) continue;
    const parsed = idempotencyKeySchema.safeParse(value);
    if (!parsed.success) {
      throw errors.badRequest(`The ${name} header must be 1-255 visible ASCII characters.`, [{ field: `headers.${name}`, message: 'must be 1-255 visible ASCII characters' }], 'workflows.webhook.bad_idempotency_key');
    }
    // Scoped by header, so one sender's delivery id cannot collide with another's generic key.
    return `${name}:${parsed.data}`;
  }
  return undefined;
}

/**
 * /api/hooks: public endpoints secured by their secret token. `/:token` starts a run of the workflow
 * whose webhook it is (optionally checking an HMAC of the raw body); `/wait/:token` resumes a step
 * waiting for a webhook or an approval.
 */
export function hookRoutes(ctx: AppContext, runtime: () => WorkflowRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    const vault = createVault(ctx);
    // The raw body is needed for the signature, so this scope parses bodies itself.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const bodyOf = (raw: unknown, type: string | undefined): unknown => {
      if (!Buffer.isBuffer(raw) || raw.length === 0) return null;
      const text = raw.toString('utf8');
      if ((type ?? '').includes('json')) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw errors.badRequest('The body is not valid JSON.', [{ field: 'body', message: 'is not valid JSON' }], 'workflows.webhook.bad_json');
        }
      }
      if ((type ?? '').includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
      return text;
    };

    /**
     * A signed request must carry a matching HMAC, a fresh timestamp when one is sent (or required), and a
     * signature not seen before (see rememberSignature): a replay of an accepted delivery is a 409 and
     * starts nothing.
     */
    function checkSignature(
      request: FastifyRequest,
      sealed: string | null | undefined,
      hmac: { header: string; timestampHeader: string; toleranceSeconds: number; requireTimestamp: boolean },
    ): { given: string; stamp: string; now: number } {
      const header = (name: string) => {
        const v = request.headers[name.toLowerCase()];
        return typeof v === 'string' ? v.trim() : '';
      };
      const given = header(hmac.header).replace(/^sha256=/, '');
      const stamp = header(hmac.timestampHeader);
      if (!stamp && hmac.requireTimestamp) throw new AppError('workflows.webhook.timestamp_missing', `The request has no ${hmac.timestampHeader} header.`, { status: 401 });
      const now = Date.now();
      if (stamp) {
        const seconds = /^\d{1,12}$/.test(stamp) ? Number(stamp) : Number.NaN;
        if (!Number.isFinite(seconds) || Math.abs(now / 1000 - seconds) > hmac.toleranceSeconds) {
          throw new AppError('workflows.webhook.stale_timestamp', `The request timestamp is missing, malformed or more than ${hmac.toleranceSeconds} s away from now.`, { status: 401 });
        }
      }
      const secret = sealed ? vault.open(sealed) : undefined;
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const mac = secret ? createHmac('sha256', secret) : undefined;
      if (mac && stamp) mac.update(`${stamp}.`);
      const expected = mac ? mac.update(raw).digest('hex') : '';
      const ok = !!secret && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      if (!ok) throw new AppError('workflows.webhook.signature', 'The request signature does not match.', { status: 401 });
      return { given, stamp, now };
    }

    /** Remembers an accepted signature; a second delivery with it is a replay (409). */
    async function rememberSignature(workflowId: string, signature: { given: string; stamp: string; now: number }, toleranceSeconds: number): Promise<void> {
      const { given, stamp, now } = signature;
      // Timestamped signatures need remembering only while their timestamp is acceptable; body-only ones a day.
      const keepMs = stamp ? 2 * toleranceSeconds * 1000 : 24 * 3600 * 1000;
      const at = new Date(now).toISOString();
      await ctx.db.deleteFrom('workflow_webhook_deliveries').where('workflow_id', '=', workflowId).where('expires_at', '<', at).execute();
      const inserted = await ctx.db
        .insertInto('workflow_webhook_deliveries')
        .values({ workflow_id: workflowId, signature_hash: hashToken(given), received_at: at, expires_at: new Date(now + keepMs).toISOString() })
        .onConflict((oc) => oc.columns(['workflow_id', 'signature_hash']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
        throw new AppError('workflows.webhook.replayed', 'This signed request was already received; a replay starts nothing.', { status: 409 });
      }
    }

    const keyHash = (key: string) => `idem:${hashToken(key)}`;
    const inProgress = () => new AppError('workflows.webhook.in_progress', 'A delivery with this idempotency key is still being started; retry shortly.', { status: 409, extensions: { retryAfter: 1 } });

    /** The run a delivery with this key started within the last 24 h, with its current status. */
    async function firstDelivery(workflowId: string, key: string): Promise<{ runId: string; status: string } | undefined> {
      const row = await ctx.db
        .selectFrom('workflow_webhook_deliveries')
        .select('run_id')
        .where('workflow_id', '=', workflowId)
        .where('signature_hash', '=', keyHash(key))
        .where('expires_at', '>=', new Date().toISOString())
        .executeTakeFirst();
      if (!row?.run_id) return undefined;
      const run = await runtime().engine.runs.get(row.run_id);
      // The first request has claimed the key but not yet stored its run (or failed to): not an answer yet.
      if (!run) throw inProgress();
      return { runId: run.id, status: run.status };
    }

    /** Claims the key for `runId`; false when a live delivery already holds it. */
    async function claimDelivery(workflowId: string, key: string, runId: string): Promise<boolean> {
      const now = Date.now();
      const at = new Date(now).toISOString();
      // An expired claim (older than a day) no longer counts: drop it so the key can start a run again.
      await ctx.db.deleteFrom('workflow_webhook_deliveries').where('workflow_id', '=', workflowId).where('expires_at', '<', at).execute();
      const inserted = await ctx.db
        .insertInto('workflow_webhook_deliveries')
        .values({ workflow_id: workflowId, signature_hash: keyHash(key), received_at: at, expires_at: new Date(now + IDEMPOTENCY_TTL_MS).toISOString(), run_id: runId })
        .onConflict((oc) => oc.columns(['workflow_id', 'signature_hash']).doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
    }

    // Guessing tokens opens a new per-token bucket each time: misses also count per sender address.
    const unknownTokens = createUnknownTokenLimiter({ perMinute: ctx.config.ATOM_WEBHOOK_UNKNOWN_TOKEN_PER_MINUTE, redis: ctx.redis, prefix: ctx.config.ATOM_JOBS_PREFIX });
    const unknownToken = async (ip: string) => {
      const wait = await unknownTokens.recordMiss(ip);
      return wait === undefined ? errors.notFound('Webhook', 'workflows.webhook.not_found') : tooManyUnknownTokens(wait);
    };

    app.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: '/:token',
      // Senders of one webhook often share a few IPs: limit per webhook token, not per anonymous IP.
      config: { permission: 'public', rateLimit: { max: ctx.config.ATOM_WEBHOOK_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000, keyGenerator: (request) => `hook:${hashToken(String((request.params as { token?: string }).token ?? ''))}` } },
      schema: {
        tags: ['hooks'],
        summary: 'Webhook trigger of a workflow: starts a run (202), or answers with its output when the trigger responds when finished. A repeat with the same Idempotency-Key (or X-GitHub-Delivery, webhook-id, svix-id, X-Shopify-Webhook-Id) within 24 h answers with the first run instead of starting another.',
        params: z.object({ token: z.string().min(10).max(200) }),
        response: { 200: z.object({ runId: z.string(), status: z.string(), output: z.unknown() }), 202: z.object({ runId: z.string(), status: z.string() }) },
      },
      handler: async (request, reply) => {
        const wait = unknownTokens.blockedFor(request.ip);
        if (wait !== undefined) throw tooManyUnknownTokens(wait);
        const engine = runtime().engine;
        const wf = await engine.workflows.findByWebhookHash(hashToken(request.params.token));
        // Only a token that names no workflow counts as a guess; a deactivated one is a sender not yet told.
        if (!wf) throw await unknownToken(request.ip);
        if (!wf.active || !wf.publishedVersion) throw errors.notFound('Webhook', 'workflows.webhook.not_found');
        const version = wf.publishedVersion;
        const def = await engine.definitionOf({ workspace_id: wf.workspaceId, workflow_id: wf.id, version });
        if (def.trigger.type !== 'webhook') throw errors.notFound('Webhook', 'workflows.webhook.not_found');
        if (!def.trigger.methods.includes(request.method as 'POST')) throw new AppError('workflows.webhook.method', `This webhook accepts ${def.trigger.methods.join(', ')}.`, { status: 405 });
        const signature = def.trigger.hmac ? checkSignature(request, wf.hmacSealed, def.trigger.hmac) : undefined;
        const key = idempotencyKeyOf(request);
        const respond = def.trigger.respond;
        const answer = async (runId: string, status: string) => {
          if (respond === 'when_finished') {
            const done = await engine.waitForRun(runId, 30_000);
            if (done && ['succeeded', 'failed', 'cancelled'].includes(done.status)) {
              return reply.code(200).send({ runId, status: done.status, output: done.output === null ? null : (JSON.parse(done.output) as unknown) });
            }
          }
          return reply.code(202).send({ runId, status });
        };
        // A repeat of a keyed delivery answers with the first one's run and starts nothing (checked before
        // the replay protection: a sender retrying a signed delivery resends the same signature).
        const first = key ? await firstDelivery(wf.id, key) : undefined;
        if (first) return answer(first.runId, first.status);
        if (signature && def.trigger.hmac) await rememberSignature(wf.id, signature, def.trigger.hmac.toleranceSeconds);
        const runId = newId('run_');
        if (key && !(await claimDelivery(wf.id, key, runId))) {
          // Another request with this key got there between the look-up and the claim.
          const raced = await firstDelivery(wf.id, key);
          if (raced) return answer(raced.runId, raced.status);
          throw inProgress();
        }
        const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => !dropHeaders.has(k)));
        const triggerData = { method: request.method, headers, query: request.query, body: bodyOf(request.body, request.headers['content-type']) };
        try {
          await engine.startRun({ workspaceId: wf.workspaceId, workflowId: wf.id, version, triggerType: 'webhook', triggerData, runId });
        } catch (err) {
          // Nothing started: let the sender's retry with the same key try again.
          if (key) await ctx.db.deleteFrom('workflow_webhook_deliveries').where('workflow_id', '=', wf.id).where('signature_hash', '=', keyHash(key)).execute().catch(() => undefined);
          throw err;
        }
        return answer(runId, 'queued');
      },
    });

    app.post(
      '/wait/:token',
      {
        config: { permission: 'public' },
        schema: { tags: ['hooks'], summary: 'Resumes a step waiting for a webhook or an approval (its body becomes the step output).', params: z.object({ token: z.string().min(10).max(200) }), response: { 202: z.object({ runId: z.string() }) } },
      },
      async (request, reply) => {
        const body = bodyOf(request.body, request.headers['content-type']);
        const resumed = await runtime().engine.signal(request.params.token, body ?? {});
        if (!resumed) throw errors.notFound('Waiting step', 'workflows.wait.not_found');
        return reply.code(202).send(resumed);
      },
    );
  };
}
