import type { Actor } from '../../platform/access/index.js';
import type { MemoryConnection } from '../tables.js';
import type { SourceHttp } from './source-http.js';

/** What a source adapter yields; the sync engine turns it into ingest work and deletions. */
export interface SourceFile {
  kind: 'file';
  externalId: string;
  name: string;
  path: string;
  url: string | undefined;
  mime: string | undefined;
  modifiedAt: string | undefined;
  /** Checksum or version: equal to the stored one means no download. */
  revision: string | undefined;
  sizeBytes: number | undefined;
  owner: string | undefined;
  principals: () => Promise<string[]>;
  download: () => Promise<Uint8Array>;
}

export interface SourceRemoval {
  kind: 'removed';
  externalId: string;
}

export interface SourcePage {
  items: (SourceFile | SourceRemoval)[];
  /** Cursor of the next page of this round; undefined on the last page. */
  nextPage: string | undefined;
  /** On the last page: the cursor for the next incremental round (newStartPageToken / deltaLink). */
  nextRound: string | undefined;
}

/**
 * One source's listing protocol. A round is either a full enumeration (`listAll`) or the changes since a
 * saved cursor (`listChanges`); both page. `startCursor` is taken before a full enumeration when the source
 * needs it (Drive's startPageToken) so no change made during the enumeration is lost.
 */
export interface SourceAdapter {
  kind: 'google_drive' | 'onedrive';
  startCursor?: () => Promise<string>;
  listAll(pageCursor: string | undefined): Promise<SourcePage>;
  listChanges(cursor: string): Promise<SourcePage>;
}

/** What an adapter is built from: the source's HTTP client (token, throttling, SSRF guard) and the account. */
export interface SourceAdapterInput {
  http: SourceHttp;
  /** The connected account, as its provider verified it. */
  accountEmail: string | undefined;
  /** One drive (a shared drive, a SharePoint library); the account's own and shared ones when absent. */
  driveId: string | undefined;
}

/**
 * The port through which memory takes source adapters: the sync machinery here is generic, and each
 * adapter lives beside its service (src/integrations/google-drive/memory-source.ts, .../onedrive/...).
 */
export type SourceAdapters = { [K in SourceAdapter['kind']]: (input: SourceAdapterInput) => SourceAdapter };

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

/** What one sync did (live events and the sync job report it). */
export interface SyncReport {
  pages: number;
  indexed: number;
  unchanged: number;
  failed: number;
  removed: number;
  resynced: boolean;
  phase: 'full' | 'incremental';
}
