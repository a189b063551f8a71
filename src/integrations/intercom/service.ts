import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/rest.js';

/**
 * Intercom REST API (developers.intercom.com/docs/references/rest-api/api.intercom.io), pinned to version 2.11 by
 * the `Intercom-Version` header so field shapes do not move under us. Errors are
 * `{ type: 'error.list', request_id, errors: [{ code, message }] }`; lists page by `pages.next.starting_after`.
 */
const VERSION = { 'Intercom-Version': '2.11' };
const icError = z.object({ type: z.literal('error.list'), errors: z.array(z.object({ code: z.string(), message: z.string().nullish() }).loose()).min(1) }).loose();

export const readIntercomFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = icError.safeParse(body);
  if (!e.success) return undefined;
  const first = e.data.errors[0]!;
  if (status === 401) return { providerCode: first.code, message: 'the sign-in is no longer valid; reconnect Intercom' };
  return { providerCode: first.code, message: first.message ? `“${first.message}”` : first.code };
};

export const intercom = defineRestService({
  id: 'intercom',
  name: 'Intercom',
  auth: 'oauth2',
  readFault: readIntercomFault,
  // Intercom allows 10,000 calls a minute per app, spread over 10-second windows; stay well below.
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'me', headers: VERSION, ...(signal ? { signal } : {}) }, z.object({ email: z.string().nullish(), name: z.string().nullish() }).loose());
    return { accountLabel: me.email ?? me.name ?? undefined };
  },
});

const icContact = z
  .object({ id: z.string(), role: z.string(), email: z.string().nullish(), name: z.string().nullish(), phone: z.string().nullish(), external_id: z.string().nullish(), created_at: z.number(), updated_at: z.number().nullish() })
  .loose();
export const contactOut = z.object({ id: z.string(), role: z.string(), email: z.string().nullable(), name: z.string().nullable(), phone: z.string().nullable(), externalId: z.string().nullable(), createdAt: z.string(), updatedAt: z.string().nullable() });
const iso = (s: number) => new Date(s * 1000).toISOString();
const toContact = (c: z.output<typeof icContact>): z.input<typeof contactOut> => ({ id: c.id, role: c.role, email: c.email ?? null, name: c.name ?? null, phone: c.phone ?? null, externalId: c.external_id ?? null, createdAt: iso(c.created_at), updatedAt: c.updated_at ? iso(c.updated_at) : null });

const icConversation = z
  .object({
    id: z.string(),
    created_at: z.number(),
    updated_at: z.number().nullish(),
    title: z.string().nullish(),
    state: z.string().nullish(),
    source: z.object({ subject: z.string().nullish(), body: z.string().nullish(), author: z.object({ type: z.string(), id: z.string() }).loose().nullish() }).loose().nullish(),
    contacts: z.object({ contacts: z.array(z.object({ id: z.string() }).loose()) }).loose().nullish(),
  })
  .loose();
export const conversationOut = z.object({ id: z.string(), title: z.string().nullable(), state: z.string().nullable(), body: z.string(), authorType: z.string().nullable(), contactIds: z.array(z.string()), createdAt: z.string() });
const toConversation = (c: z.output<typeof icConversation>): z.input<typeof conversationOut> => ({ id: c.id, title: c.title ?? c.source?.subject ?? null, state: c.state ?? null, body: c.source?.body ?? '', authorType: c.source?.author?.type ?? null, contactIds: c.contacts?.contacts.map((x) => x.id) ?? [], createdAt: iso(c.created_at) });

const icId = /^[A-Za-z0-9_-]{1,64}$/;
const contactId = z.string().regex(icId, { error: 'must be an Intercom contact id' });
const conversationId = z.string().regex(/^\d{1,24}$/, { error: 'must be a numeric Intercom conversation id' });
const contactFields = { email: z.email().optional(), name: z.string().min(1).max(255).optional(), phone: z.string().min(3).max(40).optional(), externalId: z.string().min(1).max(255).optional() };
const contactBody = (i: { email?: string | undefined; name?: string | undefined; phone?: string | undefined; externalId?: string | undefined; role?: string | undefined }) => ({ role: i.role, email: i.email, name: i.name, phone: i.phone, external_id: i.externalId });

export const createContact = intercom.operation({
  id: 'intercom.create_contact',
  title: 'Create a contact',
  description: 'Adds a user or lead to Intercom.',
  aiDescription: 'Use to add a person to Intercom as a user (known customer) or lead. Needs an email, externalId or phone. Use update_contact for someone who exists.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ role: z.enum(['user', 'lead']).default('user'), ...contactFields }).refine((i) => i.email ?? i.externalId ?? i.phone, { error: 'give an email, externalId or phone', path: ['email'] }),
  output: contactOut,
  method: 'POST',
  path: () => 'contacts',
  headers: () => VERSION,
  body: contactBody,
  response: icContact,
  map: toContact,
});

export const getContact = intercom.operation({
  id: 'intercom.get_contact',
  title: 'Get a contact',
  description: 'Reads one Intercom contact.',
  aiDescription: 'Use to read one Intercom contact by its id. To find one by email use search_contacts.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ contactId }),
  output: contactOut,
  path: (i) => `contacts/${i.contactId}`,
  headers: () => VERSION,
  response: icContact,
  map: toContact,
});

export const updateContact = intercom.operation({
  id: 'intercom.update_contact',
  title: 'Update a contact',
  description: 'Changes an Intercom contact’s email, name, phone, external id or role.',
  aiDescription: 'Use to change fields of an existing Intercom contact (contactId); only the fields given change.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ contactId, role: z.enum(['user', 'lead']).optional(), ...contactFields }).refine((i) => i.role ?? i.email ?? i.name ?? i.phone ?? i.externalId, { error: 'give at least one field to change', path: ['name'] }),
  output: contactOut,
  method: 'PUT',
  path: (i) => `contacts/${i.contactId}`,
  headers: () => VERSION,
  body: contactBody,
  response: icContact,
  map: toContact,
});

const searchPage = z.object({ data: z.array(icContact), total_count: z.number().optional(), pages: z.object({ next: z.object({ starting_after: z.string().nullish() }).loose().nullish() }).loose().nullish() }).loose();

export const searchContacts = intercom.operation({
  id: 'intercom.search_contacts',
  title: 'Search contacts',
  description: 'Finds Intercom contacts by email, name or external id.',
  aiDescription: 'Use to find Intercom contacts: field email/name/external_id/phone/role, operator = (exact) or ~ (contains). Returns up to limit contacts.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ field: z.enum(['email', 'name', 'external_id', 'phone', 'role']).default('email'), operator: z.enum(['=', '~']).default('='), value: z.string().min(1).max(255), limit: z.number().int().min(1).max(1000).default(50) }),
  output: z.object({ contacts: z.array(contactOut) }),
  // Search is a POST whose cursor sits inside the body's `pagination` object, so it is walked by hand.
  method: 'POST',
  paginated: true,
  async run({ client, signal }, i) {
    const found: z.input<typeof contactOut>[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 100 && found.length < i.limit; pages++) {
      const page = await client.call({ method: 'POST', path: 'contacts/search', headers: VERSION, idempotent: true, signal, json: { query: { field: i.field, operator: i.operator, value: i.value }, pagination: { per_page: Math.min(150, i.limit), ...(after ? { starting_after: after } : {}) } } }, searchPage);
      found.push(...page.data.map(toContact));
      after = page.pages?.next?.starting_after ?? undefined;
      if (!after || page.data.length === 0) break;
    }
    return { contacts: found.slice(0, i.limit) };
  },
});

export const createConversation = intercom.operation({
  id: 'intercom.create_conversation',
  title: 'Start a conversation',
  description: 'Starts a conversation in Intercom as a message from a contact.',
  aiDescription: 'Use to open a new Intercom conversation on behalf of a contact (contactId, role user or lead). To answer an existing one use reply_conversation.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ contactId, role: z.enum(['user', 'lead']).default('user'), body: z.string().min(1).max(50_000) }),
  output: z.object({ messageId: z.string(), conversationId: z.string().nullable(), createdAt: z.string() }),
  method: 'POST',
  path: () => 'conversations',
  headers: () => VERSION,
  body: (i) => ({ from: { type: i.role, id: i.contactId }, body: i.body }),
  response: z.object({ id: z.string(), created_at: z.number(), conversation_id: z.string().nullish() }).loose(),
  map: (m) => ({ messageId: m.id, conversationId: m.conversation_id ?? null, createdAt: iso(m.created_at) }),
});

export const replyConversation = intercom.operation({
  id: 'intercom.reply_conversation',
  title: 'Reply to a conversation',
  description: 'Adds an admin reply or internal note to an Intercom conversation.',
  aiDescription: 'Use to answer an Intercom conversation as a teammate (adminId), or with kind note to leave an internal note the customer does not see. Body is HTML or plain text.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ conversationId, adminId: z.string().regex(/^\d{1,20}$/, { error: 'must be a numeric Intercom admin id' }), kind: z.enum(['comment', 'note']).default('comment'), body: z.string().min(1).max(50_000) }),
  output: conversationOut,
  method: 'POST',
  path: (i) => `conversations/${i.conversationId}/reply`,
  headers: () => VERSION,
  body: (i) => ({ message_type: i.kind, type: 'admin', admin_id: i.adminId, body: i.body }),
  response: icConversation,
  map: toConversation,
});

export const newConversation = intercom.pollTrigger({
  id: 'intercom.new_conversation',
  title: 'New conversation',
  description: 'Starts when a conversation is opened in Intercom.',
  aiDescription: 'Use to react to new Intercom conversations. Polls the most recently updated conversations (up to 3 pages of 60); the first poll only remembers them.',
  config: z.object({}),
  event: conversationOut,
  list: { path: () => 'conversations', query: () => ({ per_page: 60 }), headers: () => VERSION },
  response: z.object({ conversations: z.array(icConversation), pages: z.object({ next: z.object({ starting_after: z.string().nullish() }).loose().nullish() }).loose().nullish() }).loose(),
  items: (r) => r.conversations,
  paginate: { style: 'cursor', param: 'starting_after', next: (p) => p.pages?.next?.starting_after, maxPages: 3 },
  // created_at is whole seconds: two conversations may share one, so the id settles ties.
  cursor: { style: 'timestamp', at: (c) => String(c.created_at).padStart(12, '0'), id: (c) => c.id },
  toEvent: (c) => toConversation(c),
});
