import { domainPrincipal, emailPrincipal, everyone } from '../../memory/principal-keys.js';
import type { SourceHttp } from '../../memory/sources/source-http.js';
import type { SourceAdapter, SourceFile, SourcePage, SourceRemoval } from '../../memory/sources/types.js';

/** Microsoft Graph driveItem, as far as delta returns it. */
interface DriveItem {
  id: string;
  name?: string;
  file?: { mimeType?: string; hashes?: { sha256Hash?: string; quickXorHash?: string; sha1Hash?: string } };
  folder?: unknown;
  deleted?: { state?: string };
  size?: number;
  eTag?: string;
  cTag?: string;
  webUrl?: string;
  lastModifiedDateTime?: string;
  parentReference?: { driveId?: string; path?: string };
  createdBy?: { user?: { email?: string; displayName?: string } };
}

interface Permission {
  roles?: string[];
  link?: { scope?: string };
  grantedToV2?: { user?: { email?: string } };
  grantedToIdentitiesV2?: { user?: { email?: string } }[];
  grantedTo?: { user?: { email?: string } };
}

export interface OneDriveOptions {
  http: SourceHttp;
  /** The connected account, as its provider verified it (Graph `/me`). */
  accountEmail: string | undefined;
  /** A drive id (OneDrive or a SharePoint document library); the signed-in user's drive when absent. */
  driveId?: string | undefined;
}

/**
 * OneDrive / SharePoint through Microsoft Graph: `root/delta` pages (`@odata.nextLink`) up to the
 * `@odata.deltaLink` kept for the next round; deleted items come with a `deleted` facet; a 410 on a
 * saved link means enumerate again. Content via `/content` (302 to a pre-authenticated URL).
 */
export function oneDriveAdapter(o: OneDriveOptions): SourceAdapter {
  const drive = o.driveId ? `/drives/${encodeURIComponent(o.driveId)}` : '/me/drive';

  const principalsOf = (item: DriveItem) => async () => {
    const keys = new Set<string>(o.accountEmail ? [emailPrincipal(o.accountEmail)] : []);
    if (item.createdBy?.user?.email) keys.add(emailPrincipal(item.createdBy.user.email));
    const perms = await o.http.json<{ value?: Permission[] }>(`${drive}/items/${encodeURIComponent(item.id)}/permissions`);
    for (const p of perms.value ?? []) {
      const users = [p.grantedToV2?.user, p.grantedTo?.user, ...(p.grantedToIdentitiesV2 ?? []).map((g) => g.user)];
      for (const u of users) if (u?.email) keys.add(emailPrincipal(u.email));
      if (p.link?.scope === 'anonymous') keys.add(everyone);
      if (p.link?.scope === 'organization') {
        const domain = o.accountEmail?.split('@')[1];
        if (domain) keys.add(domainPrincipal(domain));
      }
    }
    return [...keys];
  };

  const toItem = (i: DriveItem): SourceFile | SourceRemoval | undefined => {
    if (i.deleted) return { kind: 'removed', externalId: i.id };
    if (!i.file) return undefined; // folders, the root, packages
    const hashes = i.file.hashes;
    return {
      kind: 'file',
      externalId: i.id,
      name: i.name ?? i.id,
      path: i.parentReference?.path ? `${i.parentReference.path.replace(/^\/drives?\/[^/]*\/root:?/, '')}/${i.name}`.replace(/^\/+/, '') : (i.name ?? i.id),
      url: i.webUrl,
      mime: i.file.mimeType,
      modifiedAt: i.lastModifiedDateTime,
      revision: hashes?.sha256Hash ?? hashes?.quickXorHash ?? hashes?.sha1Hash ?? i.cTag ?? i.eTag,
      sizeBytes: i.size,
      owner: i.createdBy?.user?.email,
      principals: principalsOf(i),
      download: () => o.http.bytes(`${drive}/items/${encodeURIComponent(i.id)}/content`, true),
    };
  };

  const page = async (url: string): Promise<SourcePage> => {
    const r = await o.http.json<{ value?: DriveItem[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }>(url);
    // An item can appear more than once in a round: the last occurrence is its current state.
    const last = new Map<string, DriveItem>();
    for (const item of r.value ?? []) {
      last.delete(item.id);
      last.set(item.id, item);
    }
    return {
      items: [...last.values()].map(toItem).filter((x) => x !== undefined),
      nextPage: r['@odata.nextLink'],
      nextRound: r['@odata.deltaLink'],
    };
  };

  return {
    kind: 'onedrive',
    listAll: (pageCursor) => page(pageCursor ?? `${drive}/root/delta`),
    listChanges: (cursor) => page(cursor),
  };
}
