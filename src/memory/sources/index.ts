import { appGuardedFetch, type FetchLike } from '../../platform/outbound/index.js';
import type { Memory } from '../memory.js';
import type { MemoryConnection } from '../tables.js';
import { sourceSettingsOf } from '../repositories/connection-repository.js';
import { integrationSourceAdapters, sourceApiBaseUrl, type SyncableKind } from './integration-access.js';
import { createSourceHttp } from './source-http.js';
import type { AccessTokenProvider, SourceAdapter, SourceAdapters } from './types.js';

export { createSourceHttp, ResyncRequired, type SourceHttp, type SourceHttpOptions } from './source-http.js';
export { syncConnection, startSyncJob, type SyncOptions, type SyncReport } from './sync.js';
export type { AccessTokenProvider, SourceAdapter, SourceAdapterInput, SourceAdapters, SourceFile, SourceLinker, SourcePage, SourceRemoval } from './types.js';

/**
 * The adapter of a connection, over a throttling-aware HTTP client with its token provider. The API
 * address is the server's configuration for the service (ATOM_INTEGRATIONS `apiBaseUrl`), never a value
 * stored with the source, and every request goes through the SSRF guard (`extra.fetch` is a test seam).
 * Adapters come through the `SourceAdapters` port (`extra.adapters`); the integrations folders' by default.
 */
export function adapterFor(
  memory: Memory,
  connection: MemoryConnection,
  accessToken: AccessTokenProvider,
  extra: { fetch?: FetchLike; sleep?: (ms: number) => Promise<void>; signal?: AbortSignal; adapters?: SourceAdapters } = {},
): SourceAdapter {
  const { adapters = integrationSourceAdapters, ...rest } = extra;
  const settings = sourceSettingsOf(connection);
  const kind = connection.kind as SyncableKind;
  const http = createSourceHttp({
    baseUrl: sourceApiBaseUrl(memory.ctx, kind),
    accessToken: (staleToken) => accessToken(connection, staleToken !== undefined ? { staleToken } : {}),
    onThrottle: () => memory.metrics.throttled.inc({ source: kind }),
    fetch: appGuardedFetch(memory.ctx),
    ...rest,
  });
  return adapters[kind]({ http, accountEmail: connection.account_email ?? undefined, driveId: settings.driveId });
}
