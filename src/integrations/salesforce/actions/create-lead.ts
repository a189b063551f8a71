import { z } from 'zod';
import { fieldValues, salesforce } from '../auth.js';

export const createLead = salesforce.operation({
  id: 'salesforce.create_lead',
  title: 'Create a lead',
  description: 'Adds a lead to Salesforce.',
  aiDescription: 'Use to add a lead to Salesforce: last name and company are required; first name, email, phone, status (the org’s lead status, default Open - Not Contacted) and other fields by API name are optional.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ lastName: z.string().min(1).max(80), company: z.string().min(1).max(255), firstName: z.string().max(40).optional(), email: z.email().optional(), phone: z.string().max(40).optional(), status: z.string().max(100).optional(), fields: fieldValues.optional() }),
  output: z.object({ id: z.string() }),
  method: 'POST',
  path: () => 'sobjects/Lead',
  body: (i) => ({ ...i.fields, LastName: i.lastName, Company: i.company, FirstName: i.firstName, Email: i.email, Phone: i.phone, Status: i.status }),
  response: z.object({ id: z.string(), success: z.boolean() }).loose(),
  map: (a) => ({ id: a.id }),
});
