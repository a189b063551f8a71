import { integrationConnections, integrationRuntime, oauthEngine } from '../../integrations/index.js';
import { AppError, type AppContext } from '../../platform/index.js';
import type { MemoryConnection } from '../tables.js';
import type { AccessTokenProvider, SourceLinker } from './index.js';

/** The integrations service that signs a memory source in, by source kind. */
export const integrationServiceOf = { google_drive: 'google-drive', onedrive: 'onedrive' } as const;
export type SyncableKind = keyof typeof integrationServiceOf;

/** The `integrationConnectionId` a source was linked to (kept in its settings JSON). */
export const linkedConnectionId = (connection: MemoryConnection): string | undefined => {
  const settings = JSON.parse(connection.settings) as { integrationConnectionId?: unknown };
  return typeof settings.integrationConnectionId === 'string' ? settings.integrationConnectionId : undefined;
};

// Memory adapters address Drive from the host root (`/drive/v3/...`); the catalog's base URL includes the path.
const sourceBaseUrl = (kind: SyncableKind, apiBaseUrl: string) => (kind === 'google_drive' ? apiBaseUrl.replace(/\/drive\/v3\/?$/, '') : apiBaseUrl).replace(/\/+$/, '');

/**
 * Memory sources signed in through the integrations domain: a Drive / OneDrive source refers to the
 * integrations connection the user made (OAuth), and each request of a sync asks the OAuth engine for
 * the current token: it refreshes ahead of expiry (one refresh across processes), and again when the
 * source refused the token it was given.
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
    const creds = await engine.credentials(row, options.staleToken !== undefined ? { staleAccessToken: options.staleToken } : {});
    if (creds.kind !== 'oauth2') throw new AppError('memory.source.not_oauth', `The connection behind "${connection.name}" holds no OAuth token.`, { status: 409 });
    return creds.accessToken;
  };

  const link: SourceLinker = async ({ workspaceId, userId, kind, integrationConnectionId }) => {
    const row = await repo.findVisible(workspaceId, userId, integrationConnectionId);
    const field = [{ field: 'integrationConnectionId', message: `must be one of your ${integrationServiceOf[kind]} connections` }];
    if (!row || row.service_id !== integrationServiceOf[kind]) {
      throw new AppError('memory.source.connection_not_found', `No ${integrationServiceOf[kind]} connection with that id is visible to you.`, { status: 400, fields: field });
    }
    const svc = settings.resolve(row.service_id);
    if (!svc) throw new AppError('memory.source.connection_not_found', `The service ${row.service_id} is unknown.`, { status: 400, fields: field });
    return { baseUrl: sourceBaseUrl(kind, svc.apiBaseUrl), accountLabel: row.account_label, label: row.label };
  };

  return { accessToken, link };
}
