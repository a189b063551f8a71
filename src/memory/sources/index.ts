import { createGuardedFetch } from '../../integrations/index.js';
import type { Actor } from '../../platform/access/index.js';
import type { AppContext } from '../../platform/index.js';
import type { Memory } from '../memory.js';
import type { MemoryConnection } from '../tables.js';
import { googleDriveAdapter } from './google-drive.js';
import { oneDriveAdapter } from './onedrive.js';
import { sourceApiBaseUrl, type SyncableKind } from './integration-access.js';
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

/**
 * Checks that the actor may use an integrations connection for a source (`can(actor, 'use', connection)`)
 * and gives its label and the account identity the provider verified when it was made (null when none).
 */
export type SourceLinker = (input: { actor: Actor; kind: 'google_drive' | 'onedrive'; integrationConnectionId: string }) => Promise<{ verifiedEmail: string | null; label: string }>;

const guardedFetches = new WeakMap<AppContext, typeof fetch>();

/** The SSRF-guarded fetch of the app (the HTTP action's guard, with the admin's ATOM_SSRF_ALLOW list). */
function guardedFetchOf(ctx: AppContext): typeof fetch {
  let f = guardedFetches.get(ctx);
  if (!f) {
    const guarded = createGuardedFetch({ allow: ctx.config.ATOM_SSRF_ALLOW });
    f = (input, init) => guarded(input instanceof Request ? input.url : String(input), init ?? {});
    guardedFetches.set(ctx, f);
  }
  return f;
}

/**
 * The adapter of a connection, over a throttling-aware HTTP client with its token provider. The API
 * address is the server's configuration for the service (ATOM_INTEGRATIONS `apiBaseUrl`), never a value
 * stored with the source, and every request goes through the SSRF guard (`extra.fetch` is a test seam).
 */
export function adapterFor(memory: Memory, connection: MemoryConnection, accessToken: AccessTokenProvider, extra: { fetch?: typeof fetch; sleep?: (ms: number) => Promise<void>; signal?: AbortSignal } = {}): SourceAdapter {
  const settings = JSON.parse(connection.settings) as { driveId?: string };
  const kind = connection.kind as SyncableKind;
  const http = createSourceHttp({
    baseUrl: sourceApiBaseUrl(memory.ctx, kind),
    accessToken: (staleToken) => accessToken(connection, staleToken !== undefined ? { staleToken } : {}),
    onThrottle: () => memory.metrics.throttled.inc({ source: kind }),
    fetch: guardedFetchOf(memory.ctx),
    ...extra,
  });
  const accountEmail = connection.account_email ?? undefined;
  return kind === 'google_drive' ? googleDriveAdapter({ http, accountEmail, driveId: settings.driveId }) : oneDriveAdapter({ http, accountEmail, driveId: settings.driveId });
}
