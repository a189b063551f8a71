import type { Memory } from '../memory.js';
import type { MemoryConnection } from '../tables.js';
import { googleDriveAdapter } from './google-drive.js';
import { oneDriveAdapter } from './onedrive.js';
import { createSourceHttp } from './source-http.js';
import type { SourceAdapter } from './types.js';

export { googleDriveAdapter, type GoogleDriveOptions } from './google-drive.js';
export { oneDriveAdapter, type OneDriveOptions } from './onedrive.js';
export { createSourceHttp, ResyncRequired, type SourceHttp, type SourceHttpOptions } from './source-http.js';
export { syncConnection, startSyncJob, type SyncOptions, type SyncReport } from './sync.js';
export type { SourceAdapter, SourceFile, SourcePage, SourceRemoval } from './types.js';

/**
 * Gives the current access token of a source (the integrations OAuth engine refreshes it before expiry);
 * `staleToken` is one the source just refused, so a fresh one is wanted.
 */
export type AccessTokenProvider = (connection: MemoryConnection, options?: { staleToken?: string }) => Promise<string>;

/** Checks that a user may sync through an integrations connection and says where its source API is. */
export type SourceLinker = (input: { workspaceId: string; userId: string; kind: 'google_drive' | 'onedrive'; integrationConnectionId: string }) => Promise<{ baseUrl: string; accountLabel: string | null; label: string }>;

export const defaultBaseUrls = { google_drive: 'https://www.googleapis.com', onedrive: 'https://graph.microsoft.com/v1.0' } as const;

/** The adapter of a connection, over a throttling-aware HTTP client with its token provider. */
export function adapterFor(memory: Memory, connection: MemoryConnection, accessToken: AccessTokenProvider, extra: { fetch?: typeof fetch; sleep?: (ms: number) => Promise<void>; signal?: AbortSignal } = {}): SourceAdapter {
  const settings = JSON.parse(connection.settings) as { driveId?: string; baseUrl?: string };
  const kind = connection.kind as 'google_drive' | 'onedrive';
  const http = createSourceHttp({
    baseUrl: settings.baseUrl ?? defaultBaseUrls[kind],
    accessToken: (staleToken) => accessToken(connection, staleToken !== undefined ? { staleToken } : {}),
    onThrottle: () => memory.metrics.throttled.inc({ source: kind }),
    ...extra,
  });
  const accountEmail = connection.account_email ?? '';
  return kind === 'google_drive' ? googleDriveAdapter({ http, accountEmail, driveId: settings.driveId }) : oneDriveAdapter({ http, accountEmail, driveId: settings.driveId });
}
