import { z } from 'zod';
import { dealOut, pipedrive, pipedriveDeal, toDeal } from '../auth.js';

export const createDeal = pipedrive.operation({
  id: 'pipedrive.create_deal',
  title: 'Create a deal',
  description: 'Adds a deal to Pipedrive, optionally linked to a person.',
  aiDescription: 'Use to open a deal in Pipedrive: title, value and currency (ISO code), and the person it is with (personId from pipedrive.create_person). Lands in the default pipeline’s first stage.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ title: z.string().min(1).max(255), value: z.number().nonnegative().optional(), currency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be a 3-letter currency code such as EUR' }).optional(), personId: z.number().int().positive().optional() }),
  output: dealOut,
  method: 'POST',
  path: () => 'deals',
  body: (i) => ({ title: i.title, value: i.value, currency: i.currency, person_id: i.personId }),
  response: z.object({ data: pipedriveDeal }).loose(),
  map: (a) => toDeal(a.data),
});
