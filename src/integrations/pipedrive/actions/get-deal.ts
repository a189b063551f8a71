import { z } from 'zod';
import { dealId, dealOut, pipedrive, pipedriveDeal, toDeal } from '../auth.js';

export const getDeal = pipedrive.operation({
  id: 'pipedrive.get_deal',
  title: 'Get a deal',
  description: 'Reads one Pipedrive deal by id.',
  aiDescription: 'Use to read a Pipedrive deal when you have its numeric id.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ dealId }),
  output: dealOut,
  path: (i) => `deals/${i.dealId}`,
  response: z.object({ data: pipedriveDeal }).loose(),
  map: (a) => toDeal(a.data),
});
