import { z } from 'zod';
import { contactBody, contactFields, hubspot, hubspotObject, objectOut, toObject } from '../auth.js';

export const createContact = hubspot.operation({
  id: 'hubspot.create_contact',
  title: 'Create a contact',
  description: 'Adds a contact to HubSpot CRM.',
  aiDescription: 'Use to add a person to HubSpot (email, first and last name, phone, company, other properties by internal name). HubSpot refuses a second contact with the same email (a conflict error): look it up first with hubspot.search_contacts and update it with hubspot.update_contact instead.',
  idempotent: false,
  sideEffect: true,
  input: z.object(contactFields).refine((i) => i.email || i.firstname || i.lastname, { error: 'give at least an email or a name', path: ['email'] }),
  output: objectOut,
  method: 'POST',
  path: () => 'crm/v3/objects/contacts',
  body: contactBody,
  response: hubspotObject,
  map: toObject,
});
