import type { Memory } from '../memory.js';
import type { IngestJob } from '../pipeline/ingest-job.js';
import type { MemoryConnection } from '../tables.js';
import { googleDriveAdapter } from './google-drive.js';
import { oneDriveAdapter } from './onedrive.js';
import { createSourceHttp } from './source-http.js';
import { startSyncJob } from './sync.js';
import type { SourceAdapter } from './types.js';

export { googleDriveAdapter, type GoogleDriveOptions } from './google-drive.js';
export { oneDriveAdapter, type OneDriveOptions } from './onedrive.js';
export { createSourceHttp, ResyncRequired, type SourceHttp, type SourceHttpOptions } from './source-http.js';
export { syncConnection, startSyncJob, type SyncOptions, type SyncReport } from './sync.js';
export type { SourceAdapter, SourceFile, SourcePage, SourceRemoval } from './types.js';

/** Gives the current access token of a connection (the integrations vault refreshes it before expiry). */
export type AccessTokenProvider = (connection: MemoryConnection) => Promise<string>;

export const defaultBaseUrls = { google_drive: 'https://www.googleapis.com', onedrive: 'https://graph.microsoft.com/v1.0' } as const;

/** The adapter of a connection, over a throttling-aware HTTP client with its token provider. */
export function adapterFor(memory: Memory, connection: MemoryConnection, accessToken: AccessTokenProvider, extra: { fetch?: typeof fetch; sleep?: (ms: number) => Promise<void>; signal?: AbortSignal } = {}): SourceAdapter {
  const settings = JSON.parse(connection.settings) as { driveId?: string; baseUrl?: string };
  const kind = connection.kind as 'google_drive' | 'onedrive';
  const http = createSourceHttp({
    baseUrl: settings.baseUrl ?? defaultBaseUrls[kind],
    accessToken: () => accessToken(connection),
    onThrottle: () => memory.metrics.throttled.inc({ source: kind }),
    ...extra,
  });
  const accountEmail = connection.account_email ?? '';
  return kind === 'google_drive' ? googleDriveAdapter({ http, accountEmail, driveId: settings.driveId }) : oneDriveAdapter({ http, accountEmail, driveId: settings.driveId });
}

export function startConnectionSync(memory: Memory, connection: MemoryConnection, accessToken: AccessTokenProvider): IngestJob {
  return startSyncJob(memory, connection, adapterFor(memory, connection, accessToken));
}
