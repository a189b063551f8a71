import { z } from 'zod';
import { contactProperties, hubspot, objectOut, searchAnswer, toObject } from '../auth.js';

export const searchContacts = hubspot.operation({
  id: 'hubspot.search_contacts',
  title: 'Search contacts',
  description: 'Finds HubSpot contacts by exact email, or by text in their default properties.',
  aiDescription: 'Use to find HubSpot contacts: `email` matches exactly (the usual check before creating one), `query` searches names, emails, phone and company. Returns at most `limit` contacts, oldest first.',
  // A search changes nothing, so a failed POST may be retried.
  idempotent: true,
  sideEffect: false,
  input: z.object({ email: z.string().max(320).optional(), query: z.string().max(300).optional(), limit: z.number().int().min(1).max(1000).default(100) }).refine((i) => i.email || i.query, { error: 'give an email or a query', path: ['query'] }),
  output: z.object({ contacts: z.array(objectOut) }),
  method: 'POST',
  path: () => 'crm/v3/objects/contacts/search',
  body: (i) => ({
    ...(i.email ? { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: i.email }] }] } : {}),
    ...(i.query ? { query: i.query } : {}),
    sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
    properties: contactProperties.split(','),
    limit: 100,
  }),
  response: searchAnswer,
  paginate: { style: 'cursor', in: 'body', param: 'after', items: (p) => p.results, next: (p) => p.paging?.next?.after },
  maxItems: (i) => i.limit,
  map: (items) => ({ contacts: items.map(toObject) }),
});
