import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

/** SendGrid v3 errors: `{ errors: [{ field, message }] }`. */
const sendgridError = z.object({ errors: z.array(z.object({ field: z.string().nullish(), message: z.string() }).loose()).min(1) }).loose();
export const readSendGridFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 401) return { message: 'the API key is not valid or was revoked; reconnect SendGrid' };
  const e = sendgridError.safeParse(body).data?.errors[0];
  if (!e) return undefined;
  return { message: `“${e.message}”${e.field ? ` (field ${e.field})` : ''}` };
};

export const sendgrid = defineRestService({
  id: 'sendgrid',
  name: 'SendGrid',
  auth: { apiKey: 'bearer' },
  readFault: readSendGridFault,
  // Mail send allows about 600 requests per second; Marketing endpoints far fewer.
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'user/profile', ...(signal ? { signal } : {}) }, z.object({ first_name: z.string().nullish(), company: z.string().nullish() }).loose());
    return { accountLabel: me.company ?? me.first_name ?? undefined };
  },
});

const address = z.object({ email: z.email(), name: z.string().max(200).optional() });

export const sendEmail = sendgrid.operation({
  id: 'sendgrid.send_email',
  title: 'Send an email',
  description: 'Sends an email (text and/or HTML) through SendGrid from a verified sender.',
  aiDescription: 'Use to send transactional email through SendGrid: from must be a verified sender of the account; to up to 1,000 addresses (they see each other unless sent one by one); give text and/or html. Each call sends: it is not retried once SendGrid accepted it.',
  idempotent: false,
  sideEffect: true,
  method: 'POST',
  input: z
    .object({ from: address, to: z.array(z.email()).min(1).max(1000), cc: z.array(z.email()).max(1000).default([]), subject: z.string().min(1).max(998), text: z.string().max(1_000_000).optional(), html: z.string().max(1_000_000).optional(), replyTo: z.email().optional() })
    .refine((i) => Boolean(i.text) || Boolean(i.html), { error: 'give text or html', path: ['text'] }),
  output: z.object({ accepted: z.boolean(), messageId: z.string().nullable() }),
  async run({ client, signal }, i) {
    const res = await client.request({
      method: 'POST',
      path: 'mail/send',
      json: {
        personalizations: [{ to: i.to.map((email) => ({ email })), ...(i.cc.length ? { cc: i.cc.map((email) => ({ email })) } : {}) }],
        from: i.from,
        ...(i.replyTo ? { reply_to: { email: i.replyTo } } : {}),
        subject: i.subject,
        // SendGrid wants text/plain before text/html.
        content: [...(i.text ? [{ type: 'text/plain', value: i.text }] : []), ...(i.html ? [{ type: 'text/html', value: i.html }] : [])],
      },
      responseType: 'text',
      signal,
    });
    return { accepted: res.status === 202, messageId: res.headers.get('x-message-id') };
  },
});

export const upsertContacts = sendgrid.operation({
  id: 'sendgrid.upsert_contacts',
  title: 'Add or update contacts',
  description: 'Adds contacts to Marketing Campaigns (or updates them by email), optionally into lists.',
  aiDescription: 'Use to add people to SendGrid Marketing contacts (email, first and last name), optionally into list ids from sendgrid.list_lists. SendGrid processes it as a job: the contacts appear within minutes.',
  idempotent: true,
  sideEffect: true,
  method: 'PUT',
  path: () => 'marketing/contacts',
  input: z.object({ listIds: z.array(z.string().min(1)).max(100).default([]), contacts: z.array(z.object({ email: z.email(), firstName: z.string().max(50).optional(), lastName: z.string().max(50).optional() })).min(1).max(30_000) }),
  output: z.object({ jobId: z.string() }),
  body: (i) => ({ ...(i.listIds.length ? { list_ids: i.listIds } : {}), contacts: i.contacts.map((c) => ({ email: c.email, ...(c.firstName ? { first_name: c.firstName } : {}), ...(c.lastName ? { last_name: c.lastName } : {}) })) }),
  response: z.object({ job_id: z.string() }).loose(),
  map: (a) => ({ jobId: a.job_id }),
});

const contact = z.object({ id: z.string(), email: z.string(), first_name: z.string().nullish(), last_name: z.string().nullish(), list_ids: z.array(z.string()).default([]) }).loose();

export const findContact = sendgrid.operation({
  id: 'sendgrid.find_contact',
  title: 'Find a contact by email',
  description: 'Looks a Marketing contact up by email address.',
  aiDescription: 'Use to check whether someone is already a SendGrid Marketing contact (by exact email) and which lists they are on.',
  idempotent: true,
  sideEffect: false,
  method: 'POST',
  path: () => 'marketing/contacts/search',
  input: z.object({ email: z.email() }),
  output: z.object({ found: z.boolean(), contacts: z.array(z.object({ id: z.string(), email: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(), listIds: z.array(z.string()) })) }),
  // SGQL: the value is a quoted literal, its quotes doubled (the address comes from run data).
  body: (i) => ({ query: `email = '${i.email.toLowerCase().replaceAll("'", "''")}'` }),
  response: z.object({ result: z.array(contact) }).loose(),
  map: (a) => ({ found: a.result.length > 0, contacts: a.result.map((c) => ({ id: c.id, email: c.email, firstName: c.first_name ?? null, lastName: c.last_name ?? null, listIds: c.list_ids })) }),
});

export const listLists = sendgrid.operation({
  id: 'sendgrid.list_lists',
  title: 'List contact lists',
  description: 'Lists the Marketing contact lists with their sizes.',
  aiDescription: 'Use to find the id of a SendGrid contact list by name before adding contacts to it.',
  idempotent: true,
  sideEffect: false,
  path: () => 'marketing/lists',
  query: () => ({ page_size: 100 }),
  input: z.object({ limit: z.number().int().min(1).max(5000).default(1000) }),
  output: z.object({ lists: z.array(z.object({ id: z.string(), name: z.string(), contactCount: z.number() })) }),
  response: z.object({ result: z.array(z.object({ id: z.string(), name: z.string(), contact_count: z.number() }).loose()), _metadata: z.object({ next: z.string().optional() }).loose().optional() }).loose(),
  paginate: { style: 'next-url', next: (p) => p._metadata?.next, items: (p) => p.result },
  maxItems: (i) => i.limit,
  map: (items) => ({ lists: items.map((l) => ({ id: l.id, name: l.name, contactCount: l.contact_count })) }),
});

export const sendgridActions = [sendEmail, upsertContacts, findContact, listLists];

/** SendGrid, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const sendgridIntegration = defineIntegration({ catalog, kit: sendgrid, actions: sendgridActions });
