import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

/** Brevo v3 errors: `{ code, message }` (`unauthorized`, `invalid_parameter`, `document_not_found`, `duplicate_parameter`...). */
const brevoError = z.object({ code: z.string(), message: z.string() }).loose();
export const readBrevoFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 401) return { message: 'the API key is not valid or was deleted; reconnect Brevo' };
  const e = brevoError.safeParse(body).data;
  return e ? { providerCode: e.code, message: `“${e.message}” (${e.code})` } : undefined;
};

export const brevo = defineRestService({
  id: 'brevo',
  name: 'Brevo',
  auth: { apiKey: { header: 'api-key' } },
  readFault: readBrevoFault,
  // Brevo's published limits: transactional email far higher, contacts endpoints about 10 requests/s.
  limits: { concurrency: 4, ratePerSecond: 8, burst: 16 },
  async check(client, signal) {
    const me = await client.call({ path: 'account', ...(signal ? { signal } : {}) }, z.object({ email: z.string().optional(), companyName: z.string().nullish() }).loose());
    return { accountLabel: me.companyName ?? me.email ?? undefined };
  },
});

const address = z.object({ email: z.email(), name: z.string().max(200).optional() });

export const sendEmail = brevo.operation({
  id: 'brevo.send_email',
  title: 'Send a transactional email',
  description: 'Sends a transactional email (text and/or HTML) through Brevo from a verified sender.',
  aiDescription: 'Use to send one transactional email through Brevo: sender must be a sender or domain verified in Brevo; to up to 99 addresses; text and/or html. Each call sends: it is not retried once Brevo accepted it. For newsletters to a list use Brevo campaigns instead.',
  idempotent: false,
  sideEffect: true,
  method: 'POST',
  path: () => 'smtp/email',
  input: z
    .object({ sender: address, to: z.array(address).min(1).max(99), cc: z.array(address).max(99).default([]), subject: z.string().min(1).max(998), text: z.string().max(1_000_000).optional(), html: z.string().max(1_000_000).optional(), replyTo: z.email().optional(), tags: z.array(z.string().min(1).max(50)).max(10).default([]) })
    .refine((i) => Boolean(i.text) || Boolean(i.html), { error: 'give text or html', path: ['text'] }),
  output: z.object({ messageId: z.string() }),
  body: (i) => ({
    sender: i.sender,
    to: i.to,
    ...(i.cc.length ? { cc: i.cc } : {}),
    ...(i.replyTo ? { replyTo: { email: i.replyTo } } : {}),
    subject: i.subject,
    ...(i.html ? { htmlContent: i.html } : {}),
    ...(i.text ? { textContent: i.text } : {}),
    ...(i.tags.length ? { tags: i.tags } : {}),
  }),
  response: z.object({ messageId: z.string() }).loose(),
  map: (a) => ({ messageId: a.messageId }),
});

const attributes = z.record(z.string().regex(/^[A-Z0-9_]{1,50}$/i, 'attribute names are letters, digits and _'), z.union([z.string().max(10_000), z.number(), z.boolean()]));

export const upsertContact = brevo.operation({
  id: 'brevo.upsert_contact',
  title: 'Create or update a contact',
  description: 'Creates a contact by email, or updates the existing one (attributes, lists).',
  aiDescription: 'Use to add someone to Brevo or update them by email: attributes are Brevo attribute names in capitals (FIRSTNAME, LASTNAME, SMS...), listIds adds them to lists. Answers created: true for a new contact.',
  idempotent: true,
  sideEffect: true,
  method: 'POST',
  input: z.object({ email: z.email(), attributes: attributes.default({}), listIds: z.array(z.number().int().positive()).max(100).default([]) }),
  output: z.object({ created: z.boolean(), id: z.number().nullable() }),
  async run({ client, signal }, i) {
    // updateEnabled: an existing contact is updated (204) instead of refused as a duplicate.
    const res = await client.request({ method: 'POST', path: 'contacts', json: { email: i.email, attributes: i.attributes, ...(i.listIds.length ? { listIds: i.listIds } : {}), updateEnabled: true }, idempotent: true, responseType: 'text', signal });
    if (res.status === 204) return { created: false, id: null };
    const body = z.object({ id: z.number() }).loose().parse(JSON.parse(String(res.body)));
    return { created: true, id: body.id };
  },
});

const contact = z.object({ id: z.number(), email: z.string().nullish(), emailBlacklisted: z.boolean().default(false), createdAt: z.string(), modifiedAt: z.string().nullish(), attributes: z.record(z.string(), z.unknown()).default({}), listIds: z.array(z.number()).default([]) }).loose();
const contactOut = z.object({ id: z.number(), email: z.string().nullable(), blocklisted: z.boolean(), createdAt: z.string(), modifiedAt: z.string().nullable(), attributes: z.record(z.string(), z.unknown()), listIds: z.array(z.number()) });
const toContact = (c: z.infer<typeof contact>) => ({ id: c.id, email: c.email ?? null, blocklisted: c.emailBlacklisted, createdAt: c.createdAt, modifiedAt: c.modifiedAt ?? null, attributes: c.attributes, listIds: c.listIds });

export const getContact = brevo.operation({
  id: 'brevo.get_contact',
  title: 'Get a contact',
  description: 'Reads one contact by email address or Brevo id.',
  aiDescription: 'Use to read a Brevo contact’s attributes and lists by email (or numeric id). A contact that does not exist is a not-found error.',
  idempotent: true,
  sideEffect: false,
  path: (i) => `contacts/${encodeURIComponent(i.identifier)}`,
  input: z.object({ identifier: z.union([z.email(), z.string().regex(/^\d+$/, 'an email address or a numeric id')]) }),
  output: contactOut,
  response: contact,
  map: (c) => toContact(c),
});

export const listContacts = brevo.operation({
  id: 'brevo.list_contacts',
  title: 'List contacts',
  description: 'Lists contacts, newest first, optionally only those changed since a time.',
  aiDescription: 'Use to read many Brevo contacts (pages of 50 are followed up to limit); modifiedSince (ISO time) keeps only contacts changed since then. To read one person use brevo.get_contact.',
  idempotent: true,
  sideEffect: false,
  path: () => 'contacts',
  query: (i) => ({ sort: 'desc', ...(i.modifiedSince ? { modifiedSince: i.modifiedSince } : {}) }),
  input: z.object({ limit: z.number().int().min(1).max(10_000).default(500), modifiedSince: z.iso.datetime({ offset: true }).optional() }),
  output: z.object({ contacts: z.array(contactOut), count: z.number() }),
  response: z.object({ contacts: z.array(contact).default([]), count: z.number().default(0) }).loose(),
  paginate: { style: 'offset', param: 'offset', size: 50, sizeParam: 'limit', items: (p) => p.contacts },
  maxItems: (i) => i.limit,
  map: (items) => ({ contacts: items.map(toContact), count: items.length }),
});

export const brevoActions = [sendEmail, upsertContact, getContact, listContacts];

/** Brevo, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const brevoIntegration = defineIntegration({ catalog, kit: brevo, actions: brevoActions });
