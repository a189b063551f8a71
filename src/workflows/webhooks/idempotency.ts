import { z } from 'zod';
import { AppError, errors } from '../../platform/index.js';
import { hashToken } from '../tokens.js';
import type { WebhookDeliveryRepository } from './delivery-repository.js';
import type { HeaderValue } from './signature.js';

/** A repeat of a keyed delivery within this time returns the first delivery's run. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/**
 * Headers naming a delivery, first match wins: the generic `Idempotency-Key`, then the delivery ids of
 * common senders (GitHub, Standard Webhooks/Svix, Shopify), which stay the same when they retry.
 */
export const IDEMPOTENCY_HEADERS = ['idempotency-key', 'x-github-delivery', 'webhook-id', 'svix-id', 'x-shopify-webhook-id'] as const;
const idempotencyKeySchema = z.string().trim().min(1).max(255).regex(/^[\x21-\x7e]+$/);

/** The delivery's idempotency key, scoped by its header; undefined when it sends none. 400 when malformed. */
export function idempotencyKeyOf(headers: Record<string, HeaderValue>): string | undefined {
  for (const name of IDEMPOTENCY_HEADERS) {
    const value = headers[name];
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

export const deliveryInProgress = () =>
  new AppError('workflows.webhook.in_progress', 'A delivery with this idempotency key is still being started; retry shortly.', { status: 409, extensions: { retryAfter: 1 } });

/** Keys share the table with signatures; the prefix keeps the two apart. */
const keyHash = (key: string) => `idem:${hashToken(key)}`;

export interface RunState {
  id: string;
  status: string;
}

/** Idempotency keys of one workflow's webhook: which run a key started, claiming a key for a new run. */
export function idempotentDeliveries(deliveries: WebhookDeliveryRepository, runOf: (runId: string) => Promise<RunState | undefined>) {
  return {
    /** The run a delivery with this key started within the last 24 h, with its current status. */
    async first(workflowId: string, key: string): Promise<{ runId: string; status: string } | undefined> {
      const runId = await deliveries.runOf(workflowId, keyHash(key), new Date());
      if (!runId) return undefined;
      const run = await runOf(runId);
      // The first request has claimed the key but not yet stored its run (or failed to): not an answer yet.
      if (!run) throw deliveryInProgress();
      return { runId: run.id, status: run.status };
    },
    /** Claims the key for `runId`; false when a live delivery already holds it (an expired one no longer counts). */
    async claim(workflowId: string, key: string, runId: string): Promise<boolean> {
      const now = Date.now();
      return deliveries.claim({ workflowId, hash: keyHash(key), receivedAt: new Date(now), expiresAt: new Date(now + IDEMPOTENCY_TTL_MS), runId });
    },
    /** Lets the sender's retry with the same key try again (nothing started). */
    async release(workflowId: string, key: string): Promise<void> {
      await deliveries.release(workflowId, keyHash(key));
    },
  };
}
