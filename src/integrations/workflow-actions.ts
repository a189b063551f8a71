import { z } from 'zod';
import type { Actor } from '../platform/access/index.js';
import { AppError, type AppContext } from '../platform/index.js';
import { ActionError, type ActionContext, type AnyActionDefinition } from '../workflows/index.js';
import { clientForConnection, pieceConnection } from './connections/client.js';
import { connectionRepository } from './connections/connection-repository.js';
import { chooseConnection, unusableConnectionMessage } from './connections/use.js';
import { createServiceClient, isRetryable } from './http/index.js';
import { createGuardedFetch } from '../platform/outbound/index.js';
import type { AnyIntegrationAction } from './pieces.js';

/**
 * The thin adapter between integration pieces and the workflow engine's ActionDefinition: adds a
 * `connectionId` input (optional when the workspace has exactly one connection of the service), opens a
 * client signed as that connection, and turns coded AppErrors into retryable / non-retryable ActionErrors.
 */
export function toWorkflowAction(ctx: () => AppContext, piece: AnyIntegrationAction): AnyActionDefinition {
  const base = piece.input instanceof z.ZodObject ? piece.input : z.object({});
  const input = piece.needsConnection === false ? piece.input : base.extend({ connectionId: z.string().min(1).optional().describe(`Id of the ${piece.service} connection to use`) });
  return {
    id: piece.id,
    title: piece.title,
    description: piece.description,
    aiDescription: piece.aiDescription,
    input,
    output: piece.output,
    idempotent: piece.idempotent,
    sideEffect: piece.sideEffect,
    ...(piece.literalInput ? { literalInput: piece.literalInput } : {}),
    ...(piece.needsConnection === false ? {} : { connection: piece.service }),
    // Activation refuses a step whose connection is missing, revoked, expired or failing (issue #6, validation).
    ...(piece.needsConnection === false
      ? {}
      : {
          async checkConnection(workspaceId: string, raw: Record<string, unknown>, actor: Actor | undefined) {
            const wanted = typeof raw['connectionId'] === 'string' ? raw['connectionId'] : undefined;
            const choice = await chooseConnection(connectionRepository(ctx().db), { workspaceId, service: piece.service, wanted, actor });
            if (!choice.ok) {
              if (choice.problem === 'unusable') return unusableConnectionMessage(piece.service, wanted);
              return choice.problem === 'none' ? `No ${piece.service} connection is set up in this workspace; connect ${piece.service} first.` : `Several ${piece.service} connections exist; choose one with connectionId.`;
            }
            const row = choice.row;
            if (row.status === 'revoked' || row.status === 'expired') return `The ${piece.service} connection "${row.label}" is ${row.status}; reconnect it first.`;
            if (row.status === 'error') return `The ${piece.service} connection "${row.label}" is unhealthy (its recent calls failed); fix it or choose another.`;
            return undefined;
          },
        }),
    async run(actx: ActionContext, raw: unknown) {
      const app = ctx();
      const guardedFetch = createGuardedFetch({ allow: app.config.ATOM_SSRF_ALLOW });
      try {
        const args = piece.input.parse(raw);
        let client;
        let connection;
        if (piece.needsConnection === false) {
          client = createServiceClient({ service: { id: piece.service, name: piece.service }, baseUrl: 'http://invalid', fetch: guardedFetch });
        } else {
          const wanted = z.object({ connectionId: z.string().optional() }).parse(raw).connectionId;
          // Acting as the run's author (or the person chatting) now: rights may have changed since activation.
          const choice = await chooseConnection(connectionRepository(app.db), { workspaceId: actx.workspaceId, service: piece.service, wanted, actor: actx.actor });
          if (!choice.ok) {
            const message = choice.problem === 'unusable' ? unusableConnectionMessage(piece.service, wanted) : `Choose which ${piece.service} connection to use (connectionId).`;
            throw new ActionError('integrations.connection_required', message, { retryable: false });
          }
          const row = choice.row;
          client = clientForConnection(app, row);
          connection = pieceConnection(app, row);
        }
        return await piece.run({ client, signal: actx.signal, logger: actx.logger, idempotencyKey: actx.idempotencyKey, guardedFetch, ssrfAllow: app.config.ATOM_SSRF_ALLOW, ...(connection ? { connection } : {}) }, args);
      } catch (err) {
        if (err instanceof ActionError) throw err;
        if (err instanceof AppError) {
          const after = err.extensions?.['retryAfter'];
          throw new ActionError(err.code, err.message, { retryable: isRetryable(err), ...(typeof after === 'number' ? { retryAfterMs: after * 1000 } : {}), cause: err });
        }
        throw err;
      }
    },
  };
}

/**
 * Adds every integration action to a workflow action registry (the context's, `actionRegistry(ctx)`, or a
 * test's own); each action runs with this context. An id already there is kept.
 */
export function registerWorkflowActions(ctx: AppContext, registry: { get(id: string): unknown; register(a: AnyActionDefinition): void }, pieces: AnyIntegrationAction[]): void {
  for (const piece of pieces) if (!registry.get(piece.id)) registry.register(toWorkflowAction(() => ctx, piece));
}
