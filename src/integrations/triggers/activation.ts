import type { Actor } from '../../platform/access/index.js';
import { AppError, type AppContext } from '../../platform/index.js';
import type { Trigger } from '../../workflows/definition/schema.js';
import { clientForConnection, pieceConnection } from '../connections/client.js';
import { connectionRepository } from '../connections/connection-repository.js';
import { chooseConnection } from '../connections/use.js';
import { createServiceClient } from '../http/index.js';
import { createGuardedFetch } from '../../platform/outbound/index.js';
import type { AnyIntegrationTrigger, PieceContext } from '../pieces.js';

/** One problem of an integration trigger, in the validator's shape (`field` under `trigger.`). */
export interface TriggerProblem {
  code: string;
  field: string;
  message: string;
}

export interface TriggerCheckOptions {
  workspaceId?: string | undefined;
  /** Whom the workflow's runs act for: the check reads through a connection they may use. */
  actor?: Actor | undefined;
  /** Also ask the service whether what the config names exists (activation); schema only otherwise. */
  probe: boolean;
  /** How long the existence check may take (default 15 s). */
  timeoutMs?: number;
}

type IntegrationTriggerDef = Extract<Trigger, { type: 'integration' }>;

/**
 * What is wrong with an integration trigger before its workflow is switched on: an unknown trigger, push asked
 * of a trigger that can only be polled, a config its schema refuses (each field named), and, with `probe`, the
 * trigger's own cheap check (the table, mailbox or feed exists) run through the connection the polls would use.
 * Without this, such mistakes showed only later as the trigger's `last_error`.
 */
export async function integrationTriggerProblems(ctx: AppContext, triggers: readonly AnyIntegrationTrigger[], t: IntegrationTriggerDef, o: TriggerCheckOptions): Promise<TriggerProblem[]> {
  const piece = triggers.find((p) => p.id === t.trigger);
  if (!piece) return [{ code: 'workflows.validation.trigger', field: 'trigger.trigger', message: `No integration trigger ${t.trigger} is installed.` }];
  if (t.mode === 'push' && !piece.webhook) return [{ code: 'workflows.validation.trigger', field: 'trigger.mode', message: `${piece.title} can only be polled; set the mode to poll.` }];
  const parsed = piece.config.safeParse(t.config);
  if (!parsed.success)
    return parsed.error.issues.map((i) => ({ code: 'workflows.validation.trigger_config', field: ['trigger', 'config', ...i.path.map(String)].join('.'), message: i.message }));
  if (!o.probe || !piece.check || !o.workspaceId) return [];

  const guardedFetch = createGuardedFetch({ allow: ctx.config.ATOM_SSRF_ALLOW });
  const signal = AbortSignal.timeout(o.timeoutMs ?? 15_000);
  const base = { signal, logger: ctx.logger, idempotencyKey: `check:${piece.id}`, guardedFetch, ssrfAllow: ctx.config.ATOM_SSRF_ALLOW };
  let pieceCtx: PieceContext;
  if (piece.needsConnection === false) {
    pieceCtx = { ...base, client: createServiceClient({ service: { id: piece.service, name: piece.service }, baseUrl: 'http://invalid', fetch: guardedFetch }) };
  } else {
    const choice = await chooseConnection(connectionRepository(ctx.db), { workspaceId: o.workspaceId, service: piece.service, wanted: t.connectionId, actor: o.actor });
    // A named connection that cannot be used is reported by the connection check already.
    if (!choice.ok && t.connectionId) return [];
    if (!choice.ok) {
      const message = choice.problem === 'several' ? `Several ${piece.service} connections exist; choose the one the trigger reads.` : `No ${piece.service} connection this workflow may use is set up; connect ${piece.service} first.`;
      return [{ code: 'workflows.validation.connection', field: 'trigger.connectionId', message }];
    }
    pieceCtx = { ...base, client: clientForConnection(ctx, choice.row), connection: pieceConnection(ctx, choice.row) };
  }
  try {
    await piece.check(pieceCtx, parsed.data);
    return [];
  } catch (err) {
    const said = err instanceof AppError ? err.message : signal.aborted ? `${piece.service} did not answer within ${Math.round((o.timeoutMs ?? 15_000) / 1000)} s.` : 'the check failed unexpectedly.';
    if (!(err instanceof AppError)) ctx.logger.warn({ trigger: piece.id, err }, 'integration trigger check failed unexpectedly');
    return [{ code: 'workflows.validation.trigger_check', field: 'trigger.config', message: `The trigger could not read what its settings name: ${said}` }];
  }
}
