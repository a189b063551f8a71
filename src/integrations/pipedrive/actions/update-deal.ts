import { z } from 'zod';
import { dealId, dealOut, dealStatus, pipedrive, pipedriveDeal, toDeal } from '../auth.js';

export const updateDeal = pipedrive.operation({
  id: 'pipedrive.update_deal',
  title: 'Update a deal',
  description: 'Changes a Pipedrive deal’s title, value or status (mark it won or lost).',
  aiDescription: 'Use to change a Pipedrive deal (by id): rename it, change its value, or set status won/lost/open. Only the fields given change.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ dealId, title: z.string().min(1).max(255).optional(), value: z.number().nonnegative().optional(), status: dealStatus.optional() }),
  output: dealOut,
  method: 'PUT',
  path: (i) => `deals/${i.dealId}`,
  body: (i) => ({ title: i.title, value: i.value, status: i.status }),
  response: z.object({ data: pipedriveDeal }).loose(),
  map: (a) => toDeal(a.data),
});
