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
