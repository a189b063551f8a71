import { z } from 'zod';
import { dealList, dealOut, pipedrive, toDeal } from '../auth.js';

export const newDeal = pipedrive.pollTrigger({
  id: 'pipedrive.new_deal',
  title: 'New deal',
  description: 'Starts when a deal is added in Pipedrive.',
  aiDescription: 'Use to react to new Pipedrive deals. Polls the newest 100 deals by id; the first poll only remembers the newest deal.',
  config: z.object({}),
  event: dealOut,
  list: { path: () => 'deals', query: () => ({ status: 'all_not_deleted', sort: 'id DESC', start: 0, limit: 100 }) },
  response: dealList,
  items: (p) => p.data ?? [],
  cursor: { style: 'increasing', key: (d) => d.id },
  toEvent: toDeal,
});
