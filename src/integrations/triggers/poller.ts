import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError, newId, nowIso, type AppContext } from '../../platform/index.js';
import type { IntegrationEvent, TriggerSubscription } from '../../workflows/engine/events.js';
import { clientForConnection, pieceConnection } from '../connections/client.js';
import { memberActor } from '../../auth/index.js';
import { connectionRepository } from '../connections/connection-repository.js';
import { chooseConnection, unusableConnectionMessage } from '../connections/use.js';
import { createGuardedFetch } from '../../platform/outbound/index.js';
import { createServiceClient } from '../http/index.js';
import type { AnyIntegrationTrigger, PieceContext, TriggerCursor } from '../pieces.js';
import '../tables.js';

/** What the workflow engine offers integrations: who needs polling, and where events go. */
export interface TriggerDispatch {
  subscriptions(): Promise<TriggerSubscription[]>;
  /** Starts the runs of one event; idempotent per event id, and throws when it could not record them. */
  integrationEvent(event: IntegrationEvent): Promise<string[]>;
}

export interface PollOptions {
  /** This process's name in leases (one per process); each claim adds its own token to it. */
  owner?: string;
  /** How long a claim lasts unless renewed: a crashed holder's trigger is free again after this. */
  leaseMs?: number;
  /** How often a holder renews its lease while it polls and dispatches (default leaseMs / 3). */
  renewEveryMs?: number;
  /** A claim stops being renewed after this long without progress (an event handed over), so a hung poll or
   * dispatch cannot hold its trigger forever while a long but moving pass keeps it. */
  maxHoldMs?: number;
  clock?: { now(): number };
  /** Aborted (shutdown): stop after the current event, release the lease, leave the cursor where it was. */
  signal?: AbortSignal;
}

const cursorSchema = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]));
const iso = (ms: number) => new Date(ms).toISOString();

/** The dedupe key of an event: the trigger's own key, else the event's id, else a hash of its content. */
const eventIdOf = (piece: AnyIntegrationTrigger, event: unknown) => {
  if (piece.eventKey) return `${piece.id}:${piece.eventKey(event)}`;
  const id = z.object({ id: z.union([z.string(), z.number()]) }).safeParse(event);
  if (id.success) return `${piece.id}:${id.data.id}`;
  return `${piece.id}:${createHash('sha256').update(JSON.stringify(event)).digest('base64url')}`;
};

/**
 * Claims a due trigger for one poll: one conditional UPDATE, so across replicas exactly one process wins it
 * while the lease is live. The row is created first (empty cursor) so there is always a row to claim.
 */
async function claimDue(ctx: AppContext, sub: TriggerSubscription, triggerId: string, token: string, now: number, leaseMs: number): Promise<boolean> {
  await ctx.db
    .insertInto('integration_trigger_cursors')
    .values({ workflow_id: sub.workflowId, workspace_id: sub.workspaceId, trigger_id: triggerId, connection_id: sub.trigger.connectionId ?? null, cursor: null, last_polled_at: null, last_error: null, updated_at: nowIso() })
    .onConflict((oc) => oc.column('workflow_id').doNothing())
    .execute();
  const r = await ctx.db
    .updateTable('integration_trigger_cursors')
    .set({ lease_owner: token, lease_until: iso(now + leaseMs) })
    .where('workflow_id', '=', sub.workflowId)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', iso(now))]))
    .where((eb) => eb.or([eb('last_polled_at', 'is', null), eb('last_polled_at', '<=', iso(now - sub.trigger.pollMinutes * 60_000))]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Renews a claim until stopped; its signal aborts when the claim is lost (taken over, or no progress for too long). */
function holdLease(ctx: AppContext, workflowId: string, token: string, o: Required<Pick<PollOptions, 'leaseMs' | 'renewEveryMs' | 'maxHoldMs' | 'clock'>>) {
  const lost = new AbortController();
  let since = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - since > o.maxHoldMs) {
      lost.abort(new AppError('integrations.trigger.lease_lost', 'The trigger poll made no progress for too long; its lease is left to lapse.'));
      return;
    }
    ctx.db
      .updateTable('integration_trigger_cursors')
      .set({ lease_until: iso(o.clock.now() + o.leaseMs) })
      .where('workflow_id', '=', workflowId)
      .where('lease_owner', '=', token)
      .executeTakeFirst()
      .then((r) => Number(r.numUpdatedRows) === 0 && lost.abort(new AppError('integrations.trigger.lease_lost', 'Another process took the trigger over.')))
      // A failed renewal is tried again next time; if the lease lapses meanwhile, the fenced write notices.
      .catch((err: unknown) => ctx.logger.warn({ err, workflowId }, 'integration trigger lease renewal failed'));
  }, o.renewEveryMs);
  timer.unref();
  return { signal: lost.signal, progress: () => (since = Date.now()), stop: () => clearInterval(timer) };
}

/**
 * One pass over every active workflow with a polling integration trigger that is due. For each, it claims
 * the trigger's lease (skipping triggers another replica holds), polls from the stored cursor through the
 * connection's resilient client, hands each event to the engine (one run per event id, however often it is
 * handed over), then stores the new cursor and releases the lease in one write fenced by the claim. Events
 * therefore go in before the cursor moves past them: a holder that dies part way leaves the old cursor, and
 * the replica that takes over after the lease lapses re-polls them (at-least-once into idempotent run
 * creation: one run per event). A failing poll is recorded and retried on the next due pass.
 */
export async function pollTriggers(ctx: AppContext, dispatch: TriggerDispatch, triggers: AnyIntegrationTrigger[], options: PollOptions = {}) {
  const clock = options.clock ?? { now: () => Date.now() };
  const leaseMs = options.leaseMs ?? 2 * 60_000;
  const hold = { leaseMs, clock, renewEveryMs: options.renewEveryMs ?? Math.max(leaseMs / 3, 50), maxHoldMs: options.maxHoldMs ?? 10 * 60_000 };
  const owner = options.owner ?? newId('poller');
  const repo = connectionRepository(ctx.db);
  const guardedFetch = createGuardedFetch({ allow: ctx.config.ATOM_SSRF_ALLOW });
  const summary = { polled: 0, events: 0, failed: 0 };
  for (const sub of await dispatch.subscriptions()) {
    if (options.signal?.aborted) break;
    const piece = triggers.find((t) => t.id === sub.trigger.trigger);
    if (!piece?.poll || sub.trigger.mode !== 'poll') continue;
    const now = clock.now();
    // A token per claim (fencing): a stalled pass of this same process cannot write over a later claim.
    const token = `${owner}:${newId()}`;
    if (!(await claimDue(ctx, sub, piece.id, token, now, leaseMs))) continue;
    const state = await ctx.db.selectFrom('integration_trigger_cursors').selectAll().where('workflow_id', '=', sub.workflowId).executeTakeFirstOrThrow();
    const lease = holdLease(ctx, sub.workflowId, token, hold);
    try {
      const stopped = AbortSignal.any([lease.signal, ...(options.signal ? [options.signal] : [])]);
      summary.polled++;
      let lastError: string | null = null;
      let cursor: TriggerCursor | undefined = state.cursor ? cursorSchema.parse(JSON.parse(state.cursor)) : undefined;
      // A different trigger or connection than last time starts afresh.
      if (state.trigger_id !== piece.id || state.connection_id !== (sub.trigger.connectionId ?? state.connection_id)) cursor = undefined;
      let connectionId: string | null = sub.trigger.connectionId ?? null;
      try {
        const signal = AbortSignal.any([AbortSignal.timeout(5 * 60_000), stopped]);
        const base = { signal, logger: ctx.logger, idempotencyKey: `poll:${sub.workflowId}`, guardedFetch, ssrfAllow: ctx.config.ATOM_SSRF_ALLOW };
        let pieceCtx: PieceContext;
        if (piece.needsConnection === false) {
          // A trigger without a connection (a public feed) reaches out only through the SSRF-guarded fetch.
          connectionId = null;
          pieceCtx = { ...base, client: createServiceClient({ service: { id: piece.service, name: piece.service }, baseUrl: 'http://invalid', fetch: guardedFetch }) };
        } else {
          // Polls as the published version's author now: their right to the connection may have changed.
          const actor = sub.author ? await memberActor(ctx, sub.workspaceId, sub.author, 'run') : undefined;
          const choice = await chooseConnection(repo, { workspaceId: sub.workspaceId, service: piece.service, wanted: connectionId ?? undefined, actor });
          if (!choice.ok) {
            const message = choice.problem === 'unusable' ? unusableConnectionMessage(piece.service, connectionId ?? undefined) : `Choose which ${piece.service} connection the trigger uses.`;
            throw new AppError('integrations.connection_required', message, { status: 400 });
          }
          const row = choice.row;
          connectionId = row.id;
          pieceCtx = { ...base, client: clientForConnection(ctx, row), connection: pieceConnection(ctx, row) };
        }
        const result = await piece.poll(pieceCtx, piece.config.parse(sub.trigger.config), cursor);
        lease.progress();
        for (const e of result.events) {
          stopped.throwIfAborted();
          await dispatch.integrationEvent({ workspaceId: sub.workspaceId, workflowId: sub.workflowId, trigger: piece.id, ...(connectionId ? { connectionId } : {}), eventId: eventIdOf(piece, e), data: e });
          summary.events++;
          lease.progress();
        }
        stopped.throwIfAborted();
        cursor = result.cursor;
      } catch (err) {
        if (stopped.aborted) {
          // Shut down or taken over: leave cursor and poll time as they were (the next holder polls at once).
          await ctx.db.updateTable('integration_trigger_cursors').set({ lease_owner: null, lease_until: null }).where('workflow_id', '=', sub.workflowId).where('lease_owner', '=', token).execute();
          ctx.logger.info({ workflowId: sub.workflowId, trigger: piece.id, reason: stopped.reason instanceof AppError ? stopped.reason.code : 'stopped' }, 'integration trigger poll stopped before its cursor advanced');
          continue;
        }
        summary.failed++;
        lastError = err instanceof Error ? err.message : String(err);
        ctx.logger.warn({ workflowId: sub.workflowId, trigger: piece.id, code: err instanceof AppError ? err.code : undefined }, 'integration trigger poll failed');
      }
      const written = await ctx.db
        .updateTable('integration_trigger_cursors')
        .set({ workspace_id: sub.workspaceId, trigger_id: piece.id, connection_id: connectionId, cursor: cursor ? JSON.stringify(cursor) : null, last_polled_at: iso(now), last_error: lastError, updated_at: nowIso(), lease_owner: null, lease_until: null })
        .where('workflow_id', '=', sub.workflowId)
        .where('lease_owner', '=', token)
        .executeTakeFirst();
      // Lost the lease while finishing: the holder now re-polls from the stored cursor (its runs dedupe).
      if (Number(written.numUpdatedRows) === 0) ctx.logger.warn({ workflowId: sub.workflowId, trigger: piece.id }, 'integration trigger lease lost; cursor left to the new holder');
    } finally {
      // Stops renewing whatever happened (a write that failed leaves the lease to lapse).
      lease.stop();
    }
  }
  return summary;
}

/**
 * Polls due triggers every minute in this process; returns a stop function, which also ends a pass in
 * progress after its current event, releases its lease (another replica can poll at once) and resolves
 * when that pass is over. Replicas share the work through the leases.
 */
export function scheduleTriggerPolling(ctx: AppContext, dispatch: () => TriggerDispatch, triggers: AnyIntegrationTrigger[], everyMs = 60_000, options: PollOptions = {}): () => Promise<void> {
  const stop = new AbortController();
  const pollOptions = { owner: newId('poller'), ...options, signal: stop.signal };
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = pollTriggers(ctx, dispatch(), triggers, pollOptions)
      .then((s) => void (s.polled > 0 && ctx.logger.debug(s, 'integration triggers polled')))
      .catch((err: unknown) => ctx.logger.warn({ err }, 'integration trigger polling failed'))
      .finally(() => (running = undefined));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    stop.abort();
    await running;
  };
}
