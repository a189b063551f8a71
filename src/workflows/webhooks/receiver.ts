import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PushTriggerParser } from '../../integrations/triggers/push-delivery.js';
import { AppError, errors, newId, parseJsonColumn, type AppContext } from '../../platform/index.js';
import { createVault } from '../../vault/index.js';
import type { Trigger } from '../definition/schema.js';
import type { WorkflowRuntime } from '../runtime.js';
import { hashToken } from '../tokens.js';
import { parseWebhookBody } from './body.js';
import { webhookDeliveryRepository } from './delivery-repository.js';
import { deliveryInProgress, idempotencyKeyOf, idempotentDeliveries } from './idempotency.js';
import { refuseReplay } from './replay.js';
import { verifySignature, type HeaderValue } from './signature.js';
import { createUnknownTokenLimiter, tooManyUnknownTokens } from './unknown-token-limit.js';

/** Headers that never reach the run's trigger data (credentials, the signature). */
const dropHeaders: ReadonlySet<string> = new Set(['authorization', 'cookie', 'x-atom-signature', 'proxy-authorization']);
/** How long a trigger that responds when finished waits for its run before answering 202. */
const RESPOND_WAIT_MS = 30_000;
const finishedStatuses: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);

/** One request to a workflow's webhook URL, as received. */
export interface WebhookDelivery {
  token: string;
  ip: string;
  method: string;
  headers: Record<string, HeaderValue>;
  query: unknown;
  /** The body's bytes (the signature covers them). */
  rawBody: unknown;
}

/**
 * What to tell the sender: the run, and its output when the trigger waits for the run to finish. A delivery
 * to an integration trigger answers with the runs of its events (none when it carried none that start one).
 */
export type WebhookAnswer =
  | { runId: string; status: string; finished: false }
  | { runId: string; status: string; finished: true; output: unknown }
  | { runId?: string; runIds: string[]; status: string; finished: false; pushed: true };

/** The parts of the workflow runtime deliveries need. */
export type ReceiverRuntime = Pick<WorkflowRuntime, 'engine' | 'events' | 'secrets'>;

/** Headers that carry a service's signature of a push delivery: what a replay repeats. */
const signatureHeader = /signature|hmac/;

const notFound = () => errors.notFound('Webhook', 'workflows.webhook.not_found');

/**
 * Webhook deliveries: finds the workflow by its token, checks method, signature and replay, answers a
 * repeated idempotency key with its first run, and starts the run. Token guessing is limited per address.
 */
export function createWebhookReceiver(ctx: AppContext, runtime: () => ReceiverRuntime, push?: PushTriggerParser) {
  const vault = createVault(ctx);
  const deliveries = webhookDeliveryRepository(ctx.db);
  const keyed = idempotentDeliveries(deliveries, async (runId) => runtime().engine.runs.get(runId));
  // Guessing tokens opens a new per-token bucket each time: misses also count per sender address.
  const unknownTokens = createUnknownTokenLimiter({ perMinute: ctx.config.ATOM_WEBHOOK_UNKNOWN_TOKEN_PER_MINUTE, redis: ctx.redis, prefix: ctx.config.ATOM_JOBS_PREFIX });

  async function receive(delivery: WebhookDelivery): Promise<WebhookAnswer> {
    const wait = unknownTokens.blockedFor(delivery.ip);
    if (wait !== undefined) throw tooManyUnknownTokens(wait);
    const engine = runtime().engine;
    const wf = await engine.workflows.findByWebhookHash(hashToken(delivery.token));
    // Only a token that names no workflow counts as a guess; a deactivated one is a sender not yet told.
    if (!wf) {
      const blocked = await unknownTokens.recordMiss(delivery.ip);
      throw blocked === undefined ? notFound() : tooManyUnknownTokens(blocked);
    }
    if (!wf.active || !wf.publishedVersion) throw notFound();
    const version = wf.publishedVersion;
    const def = await engine.definitionOf({ workspace_id: wf.workspaceId, workflow_id: wf.id, version });
    const trigger = def.trigger;
    if (trigger.type === 'integration' && trigger.mode === 'push' && push) return receivePush(delivery, { id: wf.id, workspaceId: wf.workspaceId, hmacSealed: wf.hmacSealed }, trigger, push);
    if (trigger.type !== 'webhook') throw notFound();
    if (!trigger.methods.includes(delivery.method as 'POST')) throw new AppError('workflows.webhook.method', `This webhook accepts ${trigger.methods.join(', ')}.`, { status: 405 });
    const rawBody = Buffer.isBuffer(delivery.rawBody) ? delivery.rawBody : Buffer.alloc(0);
    const signature = trigger.hmac ? verifySignature({ headers: delivery.headers, rawBody }, wf.hmacSealed ? vault.open(wf.hmacSealed) : undefined, trigger.hmac) : undefined;
    const key = idempotencyKeyOf(delivery.headers);
    const answer = async (runId: string, status: string): Promise<WebhookAnswer> => {
      if (trigger.respond === 'when_finished') {
        const done = await engine.waitForRun(runId, RESPOND_WAIT_MS);
        if (done && finishedStatuses.has(done.status)) return { runId, status: done.status, finished: true, output: done.output === null ? null : parseJsonColumn(z.unknown(), done.output, { column: 'workflow_runs.output' }) };
      }
      return { runId, status, finished: false };
    };
    // A repeat of a keyed delivery answers with the first one's run and starts nothing (checked before
    // the replay protection: a sender retrying a signed delivery resends the same signature).
    const first = key ? await keyed.first(wf.id, key) : undefined;
    if (first) return answer(first.runId, first.status);
    if (signature && trigger.hmac) await refuseReplay(deliveries, wf.id, signature, trigger.hmac.toleranceSeconds);
    const runId = newId('run_');
    if (key && !(await keyed.claim(wf.id, key, runId))) {
      // Another request with this key got there between the look-up and the claim.
      const raced = await keyed.first(wf.id, key);
      if (raced) return answer(raced.runId, raced.status);
      throw deliveryInProgress();
    }
    try {
      const headers = Object.fromEntries(Object.entries(delivery.headers).filter(([k]) => !dropHeaders.has(k)));
      const triggerData = { method: delivery.method, headers, query: delivery.query, body: parseWebhookBody(rawBody, contentTypeOf(delivery.headers)) };
      await engine.startRun({ workspaceId: wf.workspaceId, workflowId: wf.id, version, triggerType: 'webhook', triggerData, runId });
    } catch (err) {
      // Nothing started: let the sender's retry with the same key try again.
      if (key) await keyed.release(wf.id, key).catch(() => undefined);
      throw err;
    }
    return answer(runId, 'queued');
  }

  /**
   * A delivery to a push-mode integration trigger: the piece verifies it with the signing secret (a workspace
   * secret the trigger names, else the one issued at activation; never anything from the request) and parses
   * it into events, each starting one run through the same event dispatch polled triggers use. A repeated
   * idempotency key answers with its first run; a repeated signature is a replay (409). The body is data only.
   */
  async function receivePush(delivery: WebhookDelivery, wf: { id: string; workspaceId: string; hmacSealed: string | null }, trigger: Extract<Trigger, { type: 'integration' }>, parse: PushTriggerParser): Promise<WebhookAnswer> {
    if (delivery.method !== 'POST') throw new AppError('workflows.webhook.method', 'This webhook accepts POST.', { status: 405 });
    const secret = trigger.signingSecret ? await runtime().secrets.resolve(wf.workspaceId, trigger.signingSecret) : wf.hmacSealed ? vault.open(wf.hmacSealed) : undefined;
    if (!secret) throw new AppError('workflows.webhook.no_secret', 'This webhook has no signing secret set, so no delivery can be verified.', { status: 401 });
    const rawBody = Buffer.isBuffer(delivery.rawBody) ? delivery.rawBody : Buffer.alloc(0);
    const query = Object.fromEntries(Object.entries((delivery.query ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const events = await parse(trigger, { method: delivery.method, headers: delivery.headers, query, rawBody, secret });
    const key = idempotencyKeyOf(delivery.headers);
    const first = key ? await keyed.first(wf.id, key) : undefined;
    if (first) return { runId: first.runId, runIds: [first.runId], status: first.status, finished: false, pushed: true };
    const signed = Object.entries(delivery.headers)
      .filter(([name, v]) => signatureHeader.test(name) && v !== undefined)
      .map(([name, v]) => `${name}:${String(v)}`)
      .sort()
      .join('\n');
    if (signed) await refuseReplay(deliveries, wf.id, { given: createHash('sha256').update(signed).digest('hex'), stamp: '', now: Date.now() }, 0);
    const runIds: string[] = [];
    const deliveryId = key ?? (signed ? createHash('sha256').update(signed).digest('base64url') : newId('evt_'));
    for (const [i, e] of events.entries()) {
      // Without an id from the service, the delivery's own key (or its signature) and its place name the event.
      const eventId = e.key ?? `${trigger.trigger}:${deliveryId}:${i}`;
      runIds.push(...(await runtime().events.integrationEvent({ workspaceId: wf.workspaceId, workflowId: wf.id, trigger: trigger.trigger, eventId, data: e.data })));
    }
    if (key && runIds[0]) await keyed.claim(wf.id, key, runIds[0]);
    return { ...(runIds[0] ? { runId: runIds[0] } : {}), runIds, status: runIds.length ? 'queued' : 'ignored', finished: false, pushed: true };
  }

  /** Resumes a step waiting for a webhook; its body becomes the step's output. */
  async function resume(token: string, delivery: Pick<WebhookDelivery, 'headers' | 'rawBody'>): Promise<{ runId: string }> {
    const body = parseWebhookBody(delivery.rawBody, contentTypeOf(delivery.headers));
    const resumed = await runtime().engine.signal(token, body ?? {});
    if (!resumed) throw errors.notFound('Waiting step', 'workflows.wait.not_found');
    return resumed;
  }

  return { receive, resume };
}

export type WebhookReceiver = ReturnType<typeof createWebhookReceiver>;

const contentTypeOf = (headers: Record<string, HeaderValue>): string | undefined => {
  const v = headers['content-type'];
  return typeof v === 'string' ? v : undefined;
};
