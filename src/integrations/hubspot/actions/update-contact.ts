import { z } from 'zod';
import { contactBody, contactFields, hubspot, hubspotObject, objectId, objectOut, toObject } from '../auth.js';

export const updateContact = hubspot.operation({
  id: 'hubspot.update_contact',
  title: 'Update a contact',
  description: 'Changes properties of a HubSpot contact.',
  aiDescription: 'Use to change properties of an existing HubSpot contact (by id; find it by email with hubspot.search_contacts). Only the properties given change.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ contactId: objectId, ...contactFields }),
  output: objectOut,
  method: 'PATCH',
  path: (i) => `crm/v3/objects/contacts/${encodeURIComponent(i.contactId)}`,
  body: contactBody,
  response: hubspotObject,
  map: toObject,
});
