import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** HubSpot errors (developers.hubspot.com/docs/api/error-handling): `{ status: 'error', message, category, correlationId }`. */
const hubspotError = z.object({ message: z.string(), category: z.string().optional() }).loose();

export const readHubspotFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 404) return { code: 'integrations.http.not_found', message: 'the record does not exist (or the connection cannot see it)' };
  const e = hubspotError.safeParse(body).data;
  if (!e) return undefined;
  const category = e.category ? { providerCode: e.category } : {};
  if (status === 401) return { ...category, message: 'the sign-in is no longer valid; reconnect HubSpot' };
  if (status === 403 || e.category === 'MISSING_SCOPES') return { code: 'integrations.http.forbidden', ...category, message: `the connection lacks a permission (“${e.message}”)` };
  // "Property values were not valid: [{...}]" carries a JSON list; its messages read better on their own.
  const listed = /^Property values were not valid: (\[.*\])$/s.exec(e.message)?.[1];
  const details = listed ? z.array(z.object({ message: z.string() }).loose()).safeParse(JSON.parse(listed)).data?.map((d) => d.message) : undefined;
  return { ...category, message: `“${(details?.join('; ') ?? e.message).replace(/\.$/, '')}”` };
};

export const hubspot = defineRestService({
  id: 'hubspot',
  name: 'HubSpot',
  auth: 'oauth2',
  readFault: readHubspotFault,
  // 100 requests per 10 s for OAuth apps; the search endpoints allow 5 per second.
  limits: { concurrency: 3, ratePerSecond: 4, burst: 8 },
  async check(client, signal) {
    const account = await client.call({ path: 'account-info/v3/details', ...(signal ? { signal } : {}) }, z.object({ portalId: z.number(), uiDomain: z.string().optional() }).loose());
    return { accountLabel: `HubSpot account ${account.portalId}` };
  },
});

export const hubspotObject = z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()).default({}), createdAt: z.string(), updatedAt: z.string() }).loose();
export const objectOut = z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()), createdAt: z.string(), updatedAt: z.string() });
export const searchAnswer = z.object({ total: z.number().optional(), results: z.array(hubspotObject), paging: z.object({ next: z.object({ after: z.string() }).loose().optional() }).loose().optional() }).loose();
export const toObject = (o: z.output<typeof hubspotObject>): z.input<typeof objectOut> => ({ id: o.id, properties: o.properties, createdAt: o.createdAt, updatedAt: o.updatedAt });

export const objectId = z.string().regex(/^\d+$/, { error: 'must be a HubSpot record id (digits)' });
export const propertyValues = z.record(z.string().regex(/^[a-z0-9_]+$/, { error: 'must be a property’s internal name (lower case, such as lifecyclestage)' }), z.string());
export const contactProperties = 'email,firstname,lastname,phone,company,lifecyclestage,createdate,lastmodifieddate';
export const contactFields = {
  email: z.email().optional(),
  firstname: z.string().max(255).optional(),
  lastname: z.string().max(255).optional(),
  phone: z.string().max(64).optional(),
  company: z.string().max(255).optional(),
  properties: propertyValues.optional().describe('Other contact properties by internal name'),
};
/** The contact properties to send: the named fields plus any others given. */
export const contactBody = (i: { email?: string | undefined; firstname?: string | undefined; lastname?: string | undefined; phone?: string | undefined; company?: string | undefined; properties?: Record<string, string> | undefined }) => ({
  properties: Object.fromEntries(Object.entries({ ...i.properties, email: i.email, firstname: i.firstname, lastname: i.lastname, phone: i.phone, company: i.company }).filter(([, v]) => v !== undefined)),
});
