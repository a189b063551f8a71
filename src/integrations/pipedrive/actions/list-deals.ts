import { z } from 'zod';
import { dealList, dealOut, dealStatus, pipedrive, toDeal } from '../auth.js';

export const listDeals = pipedrive.operation({
  id: 'pipedrive.list_deals',
  title: 'List deals',
  description: 'Lists Pipedrive deals, optionally only open, won or lost ones, newest first.',
  aiDescription: 'Use to read deals from Pipedrive (status open/won/lost, or all). Newest first, at most `limit`. To find deals by title use pipedrive.search_deals.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ status: z.union([dealStatus, z.literal('all_not_deleted')]).default('all_not_deleted'), limit: z.number().int().min(1).max(2000).default(100) }),
  output: z.object({ deals: z.array(dealOut) }),
  path: () => 'deals',
  query: (i) => ({ status: i.status, sort: 'add_time DESC' }),
  response: dealList,
  paginate: { style: 'offset', param: 'start', sizeParam: 'limit', size: 100, items: (p) => p.data ?? [] },
  maxItems: (i) => i.limit,
  map: (items) => ({ deals: items.map(toDeal) }),
});
