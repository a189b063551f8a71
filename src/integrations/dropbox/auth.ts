import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import type { ServiceProfile } from '../profiles.js';

/** Dropbox route errors are 409 with `{ error_summary: "path/not_found/..", error }` (dropbox.com/developers/documentation/http/documentation#error-handling). */
const dbxError = z.object({ error_summary: z.string() }).loose();

export const readDropboxFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = dbxError.safeParse(body);
  if (!e.success) return status === 401 ? { code: 'integrations.http.unauthorized', message: 'the access token is not valid' } : undefined;
  const s = e.data.error_summary;
  if (/not_found/.test(s)) return { code: 'integrations.http.not_found', providerCode: s, message: 'the file or folder does not exist' };
  if (/conflict/.test(s)) return { code: 'integrations.http.conflict', providerCode: s, message: 'something already exists at that path' };
  if (/expired_access_token|invalid_access_token/.test(s)) return { code: 'integrations.http.unauthorized', providerCode: s, message: 'the access token expired' };
  if (/insufficient_space/.test(s)) return { code: 'integrations.http.conflict', providerCode: s, message: 'the Dropbox account is full' };
  return { providerCode: s, message: `“${s.replace(/\/\.*$/, '')}”` };
};

export const dropboxProfile: ServiceProfile = {
  serviceId: 'dropbox',
  readFault: readDropboxFault,
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    // RPC endpoints take a JSON body; this one takes `null`.
    const a = await client.call({ method: 'POST', path: '2/users/get_current_account', body: 'null', contentType: 'application/json', idempotent: true, signal }, z.object({ email: z.string() }).loose());
    return { accountLabel: a.email };
  },
};

/** Content endpoints (uploads) live on content.dropboxapi.com; a custom base serves both. */
export const contentBase = (apiBase: string) => apiBase.replace('://api.dropboxapi.com', '://content.dropboxapi.com');

export const dbxEntry = z.object({ '.tag': z.enum(['file', 'folder', 'deleted']), id: z.string().optional(), name: z.string(), path_display: z.string().optional(), size: z.number().optional(), server_modified: z.string().optional() }).loose();
export const entryOut = z.object({ id: z.string().nullable(), name: z.string(), path: z.string().nullable(), isFolder: z.boolean(), size: z.number().nullable(), modifiedTime: z.string().nullable() });
export const toEntryOut = (e: z.infer<typeof dbxEntry>): z.infer<typeof entryOut> => ({ id: e.id ?? null, name: e.name, path: e.path_display ?? null, isFolder: e['.tag'] === 'folder', size: e.size ?? null, modifiedTime: e.server_modified ?? null });

/** Dropbox-API-Arg must be ASCII: other characters are escaped as \uXXXX. */
export const apiArg = (v: unknown) => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A file or folder reference: a full path, "id:…" or "rev:…" (the root "" has no metadata). */
export const dbxPath = z.string().regex(/^(\/.+|id:.+|rev:.+)$/, { error: 'must be a full path starting with /, or id:…' });
