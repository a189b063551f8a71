import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** Salesforce REST errors (developer.salesforce.com, "Status Codes and Error Responses"): `[{ message, errorCode, fields? }]`. */
const salesforceErrors = z.array(z.object({ message: z.string(), errorCode: z.string(), fields: z.array(z.string()).optional() }).loose()).min(1);

export const readSalesforceFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const errors = salesforceErrors.safeParse(body).data;
  if (!errors) return undefined;
  const first = errors[0]!;
  if (status === 401 || first.errorCode === 'INVALID_SESSION_ID') return { providerCode: first.errorCode, message: 'the session is no longer valid; reconnect Salesforce' };
  // The org's daily API allowance is spent: a 403 that only tomorrow (or an admin) fixes.
  if (first.errorCode === 'REQUEST_LIMIT_EXCEEDED') return { code: 'integrations.http.rate_limited', providerCode: first.errorCode, message: 'the organisation’s API request limit is used up' };
  if (status === 404 || first.errorCode === 'NOT_FOUND') return { code: 'integrations.http.not_found', providerCode: first.errorCode, message: 'the record or object does not exist (or the connection cannot see it)' };
  return { providerCode: first.errorCode, message: `“${errors.map((e) => e.message.replace(/\.$/, '')).join('; ')}”` };
};

export const salesforce = defineRestService({
  id: 'salesforce',
  name: 'Salesforce',
  auth: 'oauth2',
  readFault: readSalesforceFault,
  // Orgs have a daily allowance (15,000+ calls) and at most 25 long-running requests at once.
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    await client.call({ path: 'limits', ...(signal ? { signal } : {}) }, z.object({ DailyApiRequests: z.object({ Remaining: z.number() }).loose() }).loose());
    return {};
  },
});

export const sobjectType = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, { error: 'must be an object’s API name such as Lead, Contact or Invoice__c' });
export const recordId = z.string().regex(/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/, { error: 'must be a 15- or 18-character Salesforce id' });
export const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, { error: 'must be a field’s API name such as Email or Region__c' });
export const fieldValues = z.record(fieldName, z.union([z.string(), z.number(), z.boolean(), z.null()])).refine((f) => Object.keys(f).length > 0, { error: 'give at least one field' });

/** A SOQL result row: `attributes` dropped, fields kept as Salesforce sent them. */
export const soqlRecord = z.object({ attributes: z.object({ type: z.string() }).loose().optional() }).catchall(z.unknown());
export const queryAnswer = z.object({ totalSize: z.number(), done: z.boolean(), records: z.array(soqlRecord), nextRecordsUrl: z.string().optional() }).loose();
export const rowOut = z.record(z.string(), z.unknown());
export const toRow = ({ attributes: _attributes, ...fields }: z.output<typeof soqlRecord>) => fields;

/** `nextRecordsUrl` is absolute from the host (`/services/data/v60.0/query/01g…`): relative to the API base it is `query/01g…`. */
export const nextBatch = (p: z.output<typeof queryAnswer>) => p.nextRecordsUrl?.replace(/^.*\/services\/data\/v[\d.]+\//, '');

/** A SOQL string literal: backslash and single quote escaped (SOQL reference, "Quoted String Escape Sequences"). */
export const soqlString = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
