import { memberActor } from '../../auth/index.js';
import { googleDriveAdapter } from '../../integrations/google-drive/memory-source.js';
import { integrationConnections, integrationRuntime, oauthEngine, type IntegrationConnectionRow } from '../../integrations/index.js';
import { oneDriveAdapter } from '../../integrations/onedrive/memory-source.js';
import { can } from '../../platform/access/index.js';
import { AppError, type AppContext } from '../../platform/index.js';
import type { MemoryConnection } from '../tables.js';
import { sourceSettingsOf } from '../repositories/connection-repository.js';
import type { AccessTokenProvider, SourceAdapters, SourceLinker } from './types.js';

/** The integrations service that signs a memory source in, by source kind. */
export const integrationServiceOf = { google_drive: 'google-drive', onedrive: 'onedrive' } as const;
export type SyncableKind = keyof typeof integrationServiceOf;

/** The source adapters, each beside its integrations service (the `SourceAdapters` port's default). */
export const integrationSourceAdapters: SourceAdapters = { google_drive: googleDriveAdapter, onedrive: oneDriveAdapter };

/** The `integrationConnectionId` a source was linked to (kept in its settings JSON). */
export const linkedConnectionId = (connection: MemoryConnection): string | undefined => {
  return sourceSettingsOf(connection).integrationConnectionId;
};

/**
 * Where a source's API is: the server's configuration for its integrations service (the catalog's address,
 * or the admin's ATOM_INTEGRATIONS `apiBaseUrl`), never anything stored with the source or sent by a
 * client. Memory adapters address Drive from the host root (`/drive/v3/...`); the catalog's URL has the path.
 */
export function sourceApiBaseUrl(ctx: AppContext, kind: SyncableKind): string {
  const svc = integrationRuntime(ctx).settings.resolve(integrationServiceOf[kind]);
  if (!svc) throw new AppError('memory.source.service_unknown', `The ${integrationServiceOf[kind]} service is not available on this server.`, { status: 503 });
  return (kind === 'google_drive' ? svc.apiBaseUrl.replace(/\/drive\/v3\/?$/, '') : svc.apiBaseUrl).replace(/\/+$/, '');
}

const connectionResource = (row: IntegrationConnectionRow) => ({ kind: 'connection' as const, workspaceId: row.workspace_id, ownerId: row.user_id });

/**
 * Memory sources signed in through the integrations domain: a Drive / OneDrive source refers to the
 * integrations connection the user made (OAuth), and each request of a sync asks the OAuth engine for
 * the current token: it refreshes ahead of expiry (one refresh across processes), and again when the
 * source refused the token it was given. Adding a source and every sync need the right to use that
 * connection (`can(actor, 'use', connection)`): the source's owner as they are now, so a member who left,
 * or lost the permission, no longer lends anybody their connection.
 */
export function integrationSourceAccess(ctx: AppContext): { accessToken: AccessTokenProvider; link: SourceLinker } {
  const repo = integrationConnections(ctx.db);
  const engine = oauthEngine(ctx);
  const settings = integrationRuntime(ctx).settings;

  const accessToken: AccessTokenProvider = async (connection, options = {}) => {
    const id = linkedConnectionId(connection);
    if (!id) throw new AppError('memory.source.not_linked', `The source "${connection.name}" is not linked to a connection; add it again from a connected account.`, { status: 409 });
    const row = await repo.findInWorkspace(connection.workspace_id, id);
    if (!row) throw new AppError('memory.source.connection_gone', `The connection behind "${connection.name}" was removed; connect the account again.`, { status: 424 });
    const owner = connection.owner_user_id ? await memberActor(ctx, connection.workspace_id, connection.owner_user_id, 'system') : undefined;
    if (!owner || !can(owner, 'use', connectionResource(row)).allowed) {
      throw new AppError('memory.source.connection_not_allowed', `Whoever added "${connection.name}" may no longer use its connection; add it again from a connection you may use.`, { status: 403 });
    }
    const creds = await engine.credentials(row, options.staleToken !== undefined ? { staleAccessToken: options.staleToken } : {});
    if (creds.kind !== 'oauth2') throw new AppError('memory.source.not_oauth', `The connection behind "${connection.name}" holds no OAuth token.`, { status: 409 });
    return creds.accessToken;
  };

  const link: SourceLinker = async ({ actor, kind, integrationConnectionId }) => {
    const row = await repo.findInWorkspace(actor.workspaceId, integrationConnectionId);
    // A connection the actor may not use (a colleague's personal one) answers exactly like a missing one.
    if (!row || !can(actor, 'use', connectionResource(row)).allowed) {
      throw new AppError('memory.source.connection_not_found', 'No connection with that id is available to you.', { status: 404, fields: [{ field: 'integrationConnectionId', message: 'is not a connection you may use' }] });
    }
    if (row.service_id !== integrationServiceOf[kind] || !settings.resolve(row.service_id)) {
      throw new AppError('memory.source.wrong_service', `That connection is not a ${integrationServiceOf[kind]} connection.`, { status: 400, fields: [{ field: 'integrationConnectionId', message: `must be one of your ${integrationServiceOf[kind]} connections` }] });
    }
    return { verifiedEmail: row.verified_email, label: row.label };
  };

  return { accessToken, link };
}

