import { mimeTypes } from '../../memory/extract/detect.js';
import { domainPrincipal, emailPrincipal, everyone } from '../../memory/principal-keys.js';
import type { SourceHttp } from '../../memory/sources/source-http.js';
import type { SourceAdapter, SourceFile, SourcePage, SourceRemoval } from '../../memory/sources/types.js';

/** Drive v3 file resource, as far as the sync asks for it in `fields`. */
interface DriveFile {
  id: string;
  name?: string;
  mimeType?: string;
  modifiedTime?: string;
  md5Checksum?: string;
  version?: string;
  size?: string;
  trashed?: boolean;
  driveId?: string;
  webViewLink?: string;
  owners?: { emailAddress?: string }[];
  permissions?: { type?: string; emailAddress?: string; domain?: string; role?: string }[];
}

const fileFields = 'id,name,mimeType,modifiedTime,md5Checksum,version,size,trashed,driveId,webViewLink,owners(emailAddress),permissions(type,emailAddress,domain,role)';

// Google Workspace files have no bytes of their own: they are exported to the Office format that keeps
// their structure (headings, sheets, slides).
const exportAs: Record<string, { mime: string; ext: string }> = {
  'application/vnd.google-apps.document': { mime: mimeTypes.docx, ext: '.docx' },
  'application/vnd.google-apps.spreadsheet': { mime: mimeTypes.xlsx, ext: '.xlsx' },
  'application/vnd.google-apps.presentation': { mime: mimeTypes.pptx, ext: '.pptx' },
};

export interface GoogleDriveOptions {
  http: SourceHttp;
  /** The connected account, as its provider verified it: it can read everything it lists. */
  accountEmail: string | undefined;
  /** Restrict to one shared drive; otherwise My Drive and every shared drive the account sees. */
  driveId?: string | undefined;
  pageSize?: number;
}

/** Google Drive v3: files.list for full rounds, changes.list from a saved startPageToken for incremental ones. */
export function googleDriveAdapter(o: GoogleDriveOptions): SourceAdapter {
  const scope = o.driveId
    ? `corpora=drive&driveId=${encodeURIComponent(o.driveId)}&includeItemsFromAllDrives=true&supportsAllDrives=true`
    : 'corpora=allDrives&includeItemsFromAllDrives=true&supportsAllDrives=true';

  const principalsOf = (f: DriveFile) => async () => {
    const keys = new Set<string>(o.accountEmail ? [emailPrincipal(o.accountEmail)] : []);
    for (const owner of f.owners ?? []) if (owner.emailAddress) keys.add(emailPrincipal(owner.emailAddress));
    for (const p of f.permissions ?? []) {
      if ((p.type === 'user' || p.type === 'group') && p.emailAddress) keys.add(emailPrincipal(p.emailAddress));
      else if (p.type === 'domain' && p.domain) keys.add(domainPrincipal(p.domain));
      else if (p.type === 'anyone') keys.add(everyone);
    }
    return [...keys];
  };

  const toItem = (f: DriveFile): SourceFile | SourceRemoval | undefined => {
    if (f.trashed || (o.driveId && f.driveId !== o.driveId)) return { kind: 'removed', externalId: f.id };
    const mime = f.mimeType ?? '';
    const exported = exportAs[mime];
    if (mime.startsWith('application/vnd.google-apps.') && !exported) return undefined; // folders, forms, shortcuts
    const name = f.name ?? f.id;
    return {
      kind: 'file',
      externalId: f.id,
      name: exported && !name.endsWith(exported.ext) ? `${name}${exported.ext}` : name,
      path: name,
      url: f.webViewLink,
      mime: exported?.mime ?? (mime || undefined),
      modifiedAt: f.modifiedTime,
      revision: f.md5Checksum ?? (f.version ? `v${f.version}` : f.modifiedTime),
      sizeBytes: f.size ? Number(f.size) : undefined,
      owner: f.owners?.[0]?.emailAddress,
      principals: principalsOf(f),
      download: () =>
        exported
          ? o.http.bytes(`/drive/v3/files/${encodeURIComponent(f.id)}/export?mimeType=${encodeURIComponent(exported.mime)}`)
          : o.http.bytes(`/drive/v3/files/${encodeURIComponent(f.id)}?alt=media&supportsAllDrives=true`),
    };
  };

  return {
    kind: 'google_drive',
    async startCursor() {
      const r = await o.http.json<{ startPageToken: string }>(`/drive/v3/changes/startPageToken?supportsAllDrives=true${o.driveId ? `&driveId=${encodeURIComponent(o.driveId)}` : ''}`);
      return r.startPageToken;
    },
    async listAll(pageCursor): Promise<SourcePage> {
      const q = encodeURIComponent('trashed = false');
      const fields = encodeURIComponent(`nextPageToken,files(${fileFields})`);
      const r = await o.http.json<{ nextPageToken?: string; files?: DriveFile[] }>(
        `/drive/v3/files?${scope}&q=${q}&pageSize=${o.pageSize ?? 100}&fields=${fields}${pageCursor ? `&pageToken=${encodeURIComponent(pageCursor)}` : ''}`,
      );
      return { items: (r.files ?? []).map(toItem).filter((x) => x !== undefined), nextPage: r.nextPageToken, nextRound: undefined };
    },
    async listChanges(cursor): Promise<SourcePage> {
      const fields = encodeURIComponent(`nextPageToken,newStartPageToken,changes(fileId,removed,file(${fileFields}))`);
      const r = await o.http.json<{ nextPageToken?: string; newStartPageToken?: string; changes?: { fileId: string; removed?: boolean; file?: DriveFile }[] }>(
        `/drive/v3/changes?pageToken=${encodeURIComponent(cursor)}&pageSize=${o.pageSize ?? 100}&includeItemsFromAllDrives=true&supportsAllDrives=true&includeRemoved=true${o.driveId ? `&driveId=${encodeURIComponent(o.driveId)}` : ''}&fields=${fields}`,
      );
      const items = (r.changes ?? [])
        .map((c): SourceFile | SourceRemoval | undefined => (c.removed || !c.file ? { kind: 'removed', externalId: c.fileId } : toItem(c.file)))
        .filter((x) => x !== undefined);
      return { items, nextPage: r.nextPageToken, nextRound: r.newStartPageToken };
    },
  };
}
