import { z } from 'zod';
import { contactProperties, hubspot, hubspotObject, objectId, objectOut, toObject } from '../auth.js';

export const getContact = hubspot.operation({
  id: 'hubspot.get_contact',
  title: 'Get a contact',
  description: 'Reads one HubSpot contact by id.',
  aiDescription: 'Use to read a HubSpot contact when you have its id. Returns the common properties plus any named in `properties`. To find a contact by email use hubspot.search_contacts.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ contactId: objectId, properties: z.array(z.string().regex(/^[a-z0-9_]+$/)).max(50).default([]) }),
  output: objectOut,
  path: (i) => `crm/v3/objects/contacts/${encodeURIComponent(i.contactId)}`,
  query: (i) => ({ properties: [contactProperties, ...i.properties].join(',') }),
  response: hubspotObject,
  map: toObject,
});
