import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { actionPhrases } from './vocabulary.js';

/** Mailchimp Marketing API 3.0 errors: problem details `{ type, title, status, detail, instance, errors? }`. */
const mailchimpError = z.object({ title: z.string(), detail: z.string().optional(), errors: z.array(z.object({ field: z.string(), message: z.string() }).loose()).optional() }).loose();
export const readMailchimpFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 401) return { message: 'the access token is not valid or was revoked; reconnect Mailchimp' };
  const e = mailchimpError.safeParse(body).data;
  if (!e) return undefined;
  const field = e.errors?.[0];
  return { providerCode: e.title, message: `“${e.detail ?? e.title}”${field ? ` (field ${field.field}: ${field.message})` : ''}` };
};

export const mailchimp = defineRestService({
  id: 'mailchimp',
  name: 'Mailchimp',
  auth: 'oauth2',
  readFault: readMailchimpFault,
  // Mailchimp allows 10 simultaneous connections per user; beyond that it answers 429.
  limits: { concurrency: 4, ratePerSecond: 8, burst: 10 },
  async check(client, signal) {
    const me = await client.call({ path: '', query: { fields: 'account_id,account_name,email' }, ...(signal ? { signal } : {}) }, z.object({ account_name: z.string().nullish(), email: z.string().nullish() }).loose());
    return { accountLabel: me.account_name ?? me.email ?? undefined };
  },
});

/** Mailchimp addresses a member by the MD5 of the lower-cased email. */
export const subscriberHash = (email: string) => createHash('md5').update(email.trim().toLowerCase()).digest('hex');

const listId = z.string().regex(/^[a-z0-9]{10}$/i, 'an audience id (10 letters and digits)');
const status = z.enum(['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional']);
const member = z.object({ id: z.string(), email_address: z.string(), status: z.string(), merge_fields: z.record(z.string(), z.unknown()).default({}), tags: z.array(z.object({ name: z.string() }).loose()).default([]), timestamp_opt: z.string().nullish(), timestamp_signup: z.string().nullish(), last_changed: z.string().nullish(), list_id: z.string() }).loose();
const memberOut = z.object({ id: z.string(), email: z.string(), status: z.string(), mergeFields: z.record(z.string(), z.unknown()), tags: z.array(z.string()), optedInAt: z.string().nullable(), lastChanged: z.string().nullable(), listId: z.string() });
const toMember = (m: z.infer<typeof member>) => ({ id: m.id, email: m.email_address, status: m.status, mergeFields: m.merge_fields, tags: m.tags.map((t) => t.name), optedInAt: m.timestamp_opt || null, lastChanged: m.last_changed || null, listId: m.list_id });

export const listAudiences = mailchimp.operation({
  id: 'mailchimp.list_audiences',
  title: 'List audiences',
  description: 'Lists the account’s audiences (lists) with their member counts.',
  aiDescription: 'Use to find the id of a Mailchimp audience by name before adding or reading members.',
  idempotent: true,
  sideEffect: false,
  path: () => 'lists',
  query: () => ({ fields: 'lists.id,lists.name,lists.stats.member_count,lists.date_created,total_items' }),
  input: z.object({ limit: z.number().int().min(1).max(5000).default(1000) }),
  output: z.object({ audiences: z.array(z.object({ id: z.string(), name: z.string(), memberCount: z.number(), createdAt: z.string().nullable() })) }),
  response: z.object({ lists: z.array(z.object({ id: z.string(), name: z.string(), stats: z.object({ member_count: z.number() }).loose().optional(), date_created: z.string().nullish() }).loose()), total_items: z.number() }).loose(),
  paginate: { style: 'offset', param: 'offset', size: 100, sizeParam: 'count', items: (p) => p.lists },
  maxItems: (i) => i.limit,
  map: (items) => ({ audiences: items.map((l) => ({ id: l.id, name: l.name, memberCount: l.stats?.member_count ?? 0, createdAt: l.date_created ?? null })) }),
});

export const upsertMember = mailchimp.operation({
  id: 'mailchimp.upsert_member',
  title: 'Add or update a member',
  description: 'Adds someone to an audience, or updates them if they are already in it (by email).',
  aiDescription: 'Use to subscribe someone to a Mailchimp audience or update their merge fields (FNAME, LNAME...) and status. statusIfNew applies only to new members (use pending for double opt-in); status, when given, also changes an existing member (unsubscribing someone who opted out is their choice: do not resubscribe them).',
  idempotent: true,
  sideEffect: true,
  method: 'PUT',
  path: (i) => `lists/${encodeURIComponent(i.listId)}/members/${subscriberHash(i.email)}`,
  input: z.object({ listId, email: z.email(), statusIfNew: status.default('subscribed'), status: status.optional(), mergeFields: z.record(z.string().regex(/^[A-Z0-9_]{1,10}$/, 'merge tags are capitals, digits and _ (up to 10)'), z.union([z.string().max(255), z.number()])).default({}) }),
  output: memberOut,
  body: (i) => ({ email_address: i.email, status_if_new: i.statusIfNew, ...(i.status ? { status: i.status } : {}), ...(Object.keys(i.mergeFields).length ? { merge_fields: i.mergeFields } : {}) }),
  response: member,
  map: (m) => toMember(m),
});

export const getMember = mailchimp.operation({
  id: 'mailchimp.get_member',
  title: 'Get a member',
  description: 'Reads one audience member by email address.',
  aiDescription: 'Use to check whether someone is in a Mailchimp audience and their status (subscribed, unsubscribed, pending, cleaned). Someone not in the audience is a not-found error.',
  idempotent: true,
  sideEffect: false,
  path: (i) => `lists/${encodeURIComponent(i.listId)}/members/${subscriberHash(i.email)}`,
  input: z.object({ listId, email: z.email() }),
  output: memberOut,
  response: member,
  map: (m) => toMember(m),
});

const memberPage = z.object({ members: z.array(member), total_items: z.number() }).loose();

export const listMembers = mailchimp.operation({
  id: 'mailchimp.list_members',
  title: 'List members',
  description: 'Lists an audience’s members, optionally of one status.',
  aiDescription: 'Use to read many members of a Mailchimp audience (pages of 100 followed up to limit), optionally only subscribed/unsubscribed/pending/cleaned. To read one person use mailchimp.get_member.',
  idempotent: true,
  sideEffect: false,
  path: (i) => `lists/${encodeURIComponent(i.listId)}/members`,
  query: (i) => ({ ...(i.status ? { status: i.status } : {}) }),
  input: z.object({ listId, status: status.optional(), limit: z.number().int().min(1).max(10_000).default(1000) }),
  output: z.object({ members: z.array(memberOut) }),
  response: memberPage,
  paginate: { style: 'offset', param: 'offset', size: 100, sizeParam: 'count', items: (p) => p.members },
  maxItems: (i) => i.limit,
  map: (items) => ({ members: items.map(toMember) }),
});

export const newSubscriber = mailchimp.pollTrigger({
  id: 'mailchimp.new_subscriber',
  title: 'New subscriber',
  description: 'Starts when someone subscribes to a Mailchimp audience.',
  aiDescription: 'Use to react to new subscribers of a Mailchimp audience (welcome them, copy them to a CRM). Polls the audience for subscribed members who opted in since the last poll; the first poll only remembers where it is.',
  config: z.object({ listId }),
  event: memberOut,
  list: {
    path: ({ config }) => `lists/${encodeURIComponent(config.listId)}/members`,
    // Only members who opted in since the cursor, oldest first (the cursor repeats its own second, ids de-duplicate).
    query: ({ cursor }) => ({ status: 'subscribed', sort_field: 'timestamp_opt', sort_dir: 'ASC', ...(typeof cursor?.['after'] === 'string' ? { since_timestamp_opt: cursor['after'] } : {}) }),
  },
  response: memberPage,
  items: (p) => p.members.filter((m) => Boolean(m.timestamp_opt)),
  paginate: { style: 'offset', param: 'offset', size: 100, sizeParam: 'count' },
  cursor: { style: 'timestamp', at: (m) => m.timestamp_opt ?? '', id: (m) => m.id },
  toEvent: toMember,
});

export const mailchimpActions = [listAudiences, upsertMember, getMember, listMembers];
export const mailchimpTriggers = [newSubscriber];

/** Mailchimp, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const mailchimpIntegration = defineIntegration({ catalog, kit: mailchimp, actions: mailchimpActions, triggers: mailchimpTriggers, vocabulary: { actions: actionPhrases } });
