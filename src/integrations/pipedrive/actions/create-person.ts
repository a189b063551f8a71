import { z } from 'zod';
import { pipedrive } from '../auth.js';

export const createPerson = pipedrive.operation({
  id: 'pipedrive.create_person',
  title: 'Create a person',
  description: 'Adds a contact person to Pipedrive.',
  aiDescription: 'Use to add a contact person to Pipedrive (name, optional email and phone), for example before creating a deal with them.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ name: z.string().min(1).max(255), email: z.email().optional(), phone: z.string().max(64).optional() }),
  output: z.object({ id: z.number(), name: z.string(), email: z.string().nullable() }),
  method: 'POST',
  path: () => 'persons',
  body: (i) => ({ name: i.name, ...(i.email ? { email: [{ value: i.email, primary: true }] } : {}), ...(i.phone ? { phone: [{ value: i.phone, primary: true }] } : {}) }),
  response: z.object({ data: z.object({ id: z.number(), name: z.string(), email: z.array(z.object({ value: z.string() }).loose()).default([]) }).loose() }).loose(),
  map: (a) => ({ id: a.data.id, name: a.data.name, email: a.data.email[0]?.value || null }),
});
