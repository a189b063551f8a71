import type { Kysely } from 'kysely';
import type { Database } from '../../platform/index.js';
import '../tables.js';

/**
 * workflow_webhook_deliveries: what a webhook has already received, per workflow, keyed by a hash. Two
 * kinds of record share it: accepted signatures (replay protection, no run) and idempotency-key claims
 * (with the run they started). Each expires; expired records are dropped before a new one is written.
 */
export interface WebhookDeliveryRepository {
  /**
   * Records `hash` for the workflow unless a live record holds it (expired ones are dropped first).
   * False when one already does.
   */
  claim(record: { workflowId: string; hash: string; receivedAt: Date; expiresAt: Date; runId?: string }): Promise<boolean>;
  /** The run a live record names (undefined: no live record, or one without a run). */
  runOf(workflowId: string, hash: string, now: Date): Promise<string | undefined>;
  /** Forgets a record (a claim whose run did not start). */
  release(workflowId: string, hash: string): Promise<void>;
}

export function webhookDeliveryRepository(db: Kysely<Database>): WebhookDeliveryRepository {
  return {
    async claim(record) {
      const at = record.receivedAt.toISOString();
      await db.deleteFrom('workflow_webhook_deliveries').where('workflow_id', '=', record.workflowId).where('expires_at', '<', at).execute();
      const inserted = await db
        .insertInto('workflow_webhook_deliveries')
        .values({ workflow_id: record.workflowId, signature_hash: record.hash, received_at: at, expires_at: record.expiresAt.toISOString(), ...(record.runId ? { run_id: record.runId } : {}) })
        .onConflict((oc) => oc.columns(['workflow_id', 'signature_hash']).doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async runOf(workflowId, hash, now) {
      const row = await db
        .selectFrom('workflow_webhook_deliveries')
        .select('run_id')
        .where('workflow_id', '=', workflowId)
        .where('signature_hash', '=', hash)
        .where('expires_at', '>=', now.toISOString())
        .executeTakeFirst();
      return row?.run_id ?? undefined;
    },
    async release(workflowId, hash) {
      await db.deleteFrom('workflow_webhook_deliveries').where('workflow_id', '=', workflowId).where('signature_hash', '=', hash).execute();
    },
  };
}
