import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import type { ServiceProfile } from '../profiles.js';

/** Box errors (developer.box.com/guides/api-calls/permissions-and-errors/common-errors): `{ type: "error", status, code, message }`. */
const boxError = z.object({ type: z.literal('error'), code: z.string(), message: z.string().optional() }).loose();

export const readBoxFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = boxError.safeParse(body);
  if (!e.success) return undefined;
  if (e.data.code === 'item_name_in_use') return { code: 'integrations.http.conflict', providerCode: e.data.code, message: 'an item with that name already exists in the folder' };
  if (e.data.code === 'not_found') return { code: 'integrations.http.not_found', providerCode: e.data.code, message: 'the file or folder does not exist' };
  return { providerCode: e.data.code, message: `“${(e.data.message ?? e.data.code).replace(/\.$/, '')}”` };
};

export const boxProfile: ServiceProfile = {
  serviceId: 'box',
  readFault: readBoxFault,
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'users/me', signal }, z.object({ login: z.string() }).loose());
    return { accountLabel: me.login };
  },
};

/** Uploads go to upload.box.com/api/2.0; behind a custom base (proxy, fake) they go to `<origin>/api/2.0`. */
export const uploadBase = (apiBase: string) => {
  const u = new URL(apiBase);
  return u.host === 'api.box.com' ? 'https://upload.box.com/api/2.0' : `${u.origin}/api/2.0`;
};

export const boxItem = z.object({ type: z.enum(['file', 'folder', 'web_link']), id: z.string(), name: z.string(), size: z.number().optional(), modified_at: z.string().nullish() }).loose();
export const itemOut = z.object({ id: z.string(), name: z.string(), type: z.string(), size: z.number().nullable(), modifiedTime: z.string().nullable() });
export const toItemOut = (i: z.infer<typeof boxItem>): z.infer<typeof itemOut> => ({ id: i.id, name: i.name, type: i.type, size: i.size ?? null, modifiedTime: i.modified_at ?? null });
