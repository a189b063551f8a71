import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError, nowIso, type AppContext } from '../../platform/index.js';
import type { IntegrationEvent, TriggerSubscription } from '../../workflows/index.js';
import { clientForConnection } from '../connections/client.js';
import { connectionRepository } from '../connections/repository.js';
import { createGuardedFetch } from '../http/ssrf.js';
import type { AnyIntegrationTrigger, TriggerCursor } from '../pieces.js';
import '../tables.js';

/** What the workflow engine offers integrations: who needs polling, and where events go. */
export interface TriggerDispatch {
  subscriptions(): Promise<TriggerSubscription[]>;
  integrationEvent(event: IntegrationEvent): Promise<string[]>;
}

const cursorSchema = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]));

/** The dedupe key of an event: its own id when it has one, otherwise a hash of its content. */
const eventIdOf = (triggerId: string, event: unknown) => {
  const id = z.object({ id: z.union([z.string(), z.number()]) }).safeParse(event);
  if (id.success) return `${triggerId}:${id.data.id}`;
  return `${triggerId}:${createHash('sha256').update(JSON.stringify(event)).digest('base64url')}`;
};

/**
 * One pass over every active workflow with a polling integration trigger that is due: polls from its
 * stored cursor through the connection's resilient client, hands each event to the engine (which dedupes by
 * event id), then stores the new cursor. A failing poll is recorded and retried on the next pass.
 */
export async function pollTriggers(ctx: AppContext, dispatch: TriggerDispatch, triggers: AnyIntegrationTrigger[], now = Date.now()) {
  const repo = connectionRepository(ctx.db);
  const guardedFetch = createGuardedFetch({ allow: ctx.config.ATOM_SSRF_ALLOW });
  const summary = { polled: 0, events: 0, failed: 0 };
  for (const sub of await dispatch.subscriptions()) {
    const piece = triggers.find((t) => t.id === sub.trigger.trigger);
    if (!piece?.poll || sub.trigger.mode !== 'poll') continue;
    const state = await ctx.db.selectFrom('integration_trigger_cursors').selectAll().where('workflow_id', '=', sub.workflowId).executeTakeFirst();
    if (state?.last_polled_at && Date.parse(state.last_polled_at) + sub.trigger.pollMinutes * 60_000 > now) continue;
    summary.polled++;
    let lastError: string | null = null;
    let cursor: TriggerCursor | undefined = state?.cursor ? cursorSchema.parse(JSON.parse(state.cursor)) : undefined;
    // A different trigger or connection than last time starts afresh.
    if (state && (state.trigger_id !== piece.id || state.connection_id !== (sub.trigger.connectionId ?? state.connection_id))) cursor = undefined;
    let connectionId: string | null = sub.trigger.connectionId ?? null;
    try {
      const rows = connectionId ? [await repo.findInWorkspace(sub.workspaceId, connectionId)].filter((r) => r !== undefined) : await repo.listShared(sub.workspaceId, piece.service);
      const row = connectionId ? rows.find((r) => r.id === connectionId && r.service_id === piece.service) : rows.length === 1 ? rows[0] : undefined;
      if (!row) throw new AppError('integrations.connection_required', `Choose which ${piece.service} connection the trigger uses.`, { status: 400 });
      connectionId = row.id;
      const result = await piece.poll({ client: clientForConnection(ctx, row), signal: AbortSignal.timeout(5 * 60_000), logger: ctx.logger, idempotencyKey: `poll:${sub.workflowId}`, guardedFetch }, piece.config.parse(sub.trigger.config), cursor);
      for (const e of result.events) {
        await dispatch.integrationEvent({ workspaceId: sub.workspaceId, trigger: piece.id, connectionId: row.id, eventId: eventIdOf(piece.id, e), data: e });
        summary.events++;
      }
      cursor = result.cursor;
    } catch (err) {
      summary.failed++;
      lastError = err instanceof Error ? err.message : String(err);
      ctx.logger.warn({ workflowId: sub.workflowId, trigger: piece.id, code: err instanceof AppError ? err.code : undefined }, 'integration trigger poll failed');
    }
    const values = { workspace_id: sub.workspaceId, trigger_id: piece.id, connection_id: connectionId, cursor: cursor ? JSON.stringify(cursor) : null, last_polled_at: new Date(now).toISOString(), last_error: lastError, updated_at: nowIso() };
    if (state) await ctx.db.updateTable('integration_trigger_cursors').set(values).where('workflow_id', '=', sub.workflowId).execute();
    else await ctx.db.insertInto('integration_trigger_cursors').values({ workflow_id: sub.workflowId, ...values }).execute();
  }
  return summary;
}

/** Polls due triggers every minute in this process; returns a stop function. Re-deliveries are deduped by the engine. */
export function scheduleTriggerPolling(ctx: AppContext, dispatch: () => TriggerDispatch, triggers: AnyIntegrationTrigger[], everyMs = 60_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    pollTriggers(ctx, dispatch(), triggers)
      .then((s) => s.polled > 0 && ctx.logger.debug(s, 'integration triggers polled'))
      .catch((err: unknown) => ctx.logger.warn({ err }, 'integration trigger polling failed'))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
