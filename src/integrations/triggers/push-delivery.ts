import { z } from 'zod';
import { errors } from '../../platform/index.js';
import type { Trigger } from '../../workflows/definition/schema.js';
import type { AnyIntegrationTrigger, WebhookDelivery } from '../pieces.js';

type IntegrationTriggerDef = Extract<Trigger, { type: 'integration' }>;

/** One event a pushed delivery carried: its data, and its identity when the service gives one. */
export interface PushedEvent {
  key?: string;
  data: unknown;
}

/** Verifies a delivery to a push-mode integration trigger with its piece and returns the events it carries. */
export type PushTriggerParser = (trigger: IntegrationTriggerDef, delivery: WebhookDelivery) => Promise<PushedEvent[]>;

const withId = z.object({ id: z.union([z.string(), z.number()]) });

/**
 * The integrations side of push delivery: finds the trigger's piece and calls its `webhook(delivery, config)`,
 * which checks the signature with the secret the receiver opened (a refusal is the piece's 401) and parses
 * the body into events. The receiver (src/workflows/webhooks/receiver.ts) turns the events into runs.
 */
export function pushTriggerParser(triggers: readonly AnyIntegrationTrigger[]): PushTriggerParser {
  return async (trigger, delivery) => {
    const piece = triggers.find((p) => p.id === trigger.trigger);
    // Activation refuses push for such triggers; an uninstalled one is a webhook that no longer exists.
    if (!piece?.webhook) throw errors.notFound('Webhook', 'workflows.webhook.not_found');
    const events = await piece.webhook(delivery, piece.config.parse(trigger.config));
    return events.map((data) => {
      const id = withId.safeParse(data);
      const key = piece.eventKey ? piece.eventKey(data) : id.success ? String(id.data.id) : undefined;
      return { data, ...(key !== undefined ? { key: `${piece.id}:${key}` } : {}) };
    });
  };
}
