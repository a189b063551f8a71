import { z } from 'zod';
import { contactProperties, hubspot, objectOut, searchAnswer, toObject } from '../auth.js';

export const newContact = hubspot.pollTrigger({
  id: 'hubspot.new_contact',
  title: 'New contact',
  description: 'Starts when a contact is created in HubSpot.',
  aiDescription: 'Use to react to new HubSpot contacts (sign-ups, imported leads). Polls the CRM search by creation date; the first poll only remembers the newest contact. HubSpot’s search index can lag a few seconds behind.',
  config: z.object({}),
  event: objectOut,
  list: {
    method: 'POST',
    path: () => 'crm/v3/objects/contacts/search',
    body: ({ cursor }) => ({
      // createdate filters take epoch milliseconds; a second back covers contacts sharing the cursor's time.
      ...(typeof cursor?.['after'] === 'string' ? { filterGroups: [{ filters: [{ propertyName: 'createdate', operator: 'GTE', value: String(Date.parse(cursor['after']) - 1000) }] }] } : {}),
      sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
      properties: contactProperties.split(','),
      limit: 100,
    }),
  },
  response: searchAnswer,
  items: (p) => p.results,
  paginate: { style: 'cursor', in: 'body', param: 'after', next: (p) => p.paging?.next?.after, maxPages: 10 },
  cursor: { style: 'timestamp', at: (o) => new Date(o.createdAt).toISOString(), id: (o) => o.id },
  toEvent: toObject,
});
