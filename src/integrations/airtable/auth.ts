import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** Airtable errors (airtable.com/developers/web/api/errors): `{ error: { type, message } }`, or `{ error: 'NOT_FOUND' }`. */
const airtableError = z.object({ error: z.union([z.string(), z.object({ type: z.string(), message: z.string().optional() }).loose()]) }).loose();

export const readAirtableFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = airtableError.safeParse(body).data?.error;
  if (e === undefined) return undefined;
  const type = typeof e === 'string' ? e : e.type;
  if (status === 404 || type === 'NOT_FOUND' || type === 'MODEL_ID_NOT_FOUND') return { code: 'integrations.http.not_found', providerCode: type, message: 'the base, table or record does not exist (or the connection cannot see it)' };
  if (status === 401) return { providerCode: type, message: 'the token is not valid; reconnect Airtable' };
  if (type === 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND' || status === 403) return { code: 'integrations.http.forbidden', providerCode: type, message: 'the connection may not use this base (check the token’s scopes and bases)' };
  return { providerCode: type, message: `“${typeof e === 'string' ? e : (e.message ?? e.type).replace(/\.$/, '')}”` };
};

export const airtable = defineRestService({
  id: 'airtable',
  name: 'Airtable',
  auth: 'oauth2',
  readFault: readAirtableFault,
  // 5 requests per second per base; a 429 asks for 30 s of quiet.
  limits: { concurrency: 2, ratePerSecond: 5, burst: 5 },
  async check(client, signal) {
    const me = await client.call({ path: 'meta/whoami', ...(signal ? { signal } : {}) }, z.object({ id: z.string(), email: z.string().optional() }).loose());
    return { accountLabel: me.email ?? me.id };
  },
});

export const baseId = z.string().regex(/^app[A-Za-z0-9]{3,}$/, { error: 'must be a base id such as appXXXXXXXXXXXXXX (from the base’s URL)' });
export const tableName = z.string().min(1).max(255).describe('Table name or id (tbl...)');
export const recordId = z.string().regex(/^rec[A-Za-z0-9]{3,}$/, { error: 'must be a record id such as recXXXXXXXXXXXXXX' });
export const fieldValues = z.record(z.string().min(1), z.unknown()).refine((f) => Object.keys(f).length > 0, { error: 'give at least one field' });

export const airtableRecord = z.object({ id: z.string(), createdTime: z.string(), fields: z.record(z.string(), z.unknown()).default({}) }).loose();
export const recordOut = z.object({ id: z.string(), createdTime: z.string(), fields: z.record(z.string(), z.unknown()) });
export const recordList = z.object({ records: z.array(airtableRecord), offset: z.string().optional() }).loose();

export const tablePath = (i: { baseId: string; table: string }) => `${encodeURIComponent(i.baseId)}/${encodeURIComponent(i.table)}`;

/** A string literal in an Airtable formula: backslash and single quote escaped. */
export const formulaString = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
