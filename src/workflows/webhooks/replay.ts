import { AppError } from '../../platform/index.js';
import { hashToken } from '../tokens.js';
import type { WebhookDeliveryRepository } from './delivery-repository.js';
import type { AcceptedSignature } from './signature.js';

/** Signatures without a timestamp stay valid for ever, so they are remembered this long. */
const UNSTAMPED_KEEP_MS = 24 * 3600 * 1000;

/**
 * Remembers an accepted signature; a second delivery with it is a replay: a 409 that starts nothing.
 * A timestamped signature needs remembering only while its timestamp is acceptable.
 */
export async function refuseReplay(deliveries: WebhookDeliveryRepository, workflowId: string, signature: AcceptedSignature, toleranceSeconds: number): Promise<void> {
  const keepMs = signature.stamp ? 2 * toleranceSeconds * 1000 : UNSTAMPED_KEEP_MS;
  const first = await deliveries.claim({ workflowId, hash: hashToken(signature.given), receivedAt: new Date(signature.now), expiresAt: new Date(signature.now + keepMs) });
  if (!first) throw new AppError('workflows.webhook.replayed', 'This signed request was already received; a replay starts nothing.', { status: 409 });
}
