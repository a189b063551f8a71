import { createHash } from 'node:crypto';

/**
 * Webhook and wait tokens are stored only as this hash (SHA-256, hex): the engine finds waiting steps by it,
 * the webhook routes find workflows by it, and delivery records key signatures and idempotency keys by it.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
