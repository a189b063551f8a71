import { z } from 'zod';
import { pagination, pipedrive } from '../auth.js';

const hit = z.object({ item: z.object({ id: z.number(), title: z.string(), value: z.number().nullish(), currency: z.string().nullish(), status: z.string().nullish() }).loose() }).loose();

export const searchDeals = pipedrive.operation({
  id: 'pipedrive.search_deals',
  title: 'Search deals',
  description: 'Finds Pipedrive deals whose title (or notes and custom fields) contains a term.',
  aiDescription: 'Use to find a Pipedrive deal by words in its title before updating it. `exact` matches the whole title (case-insensitive). At least 2 characters.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ term: z.string().min(2).max(200), exact: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(50) }),
  output: z.object({ deals: z.array(z.object({ id: z.number(), title: z.string(), value: z.number(), currency: z.string().nullable(), status: z.string().nullable() })) }),
  path: () => 'deals/search',
  query: (i) => ({ term: i.term, exact_match: i.exact, fields: 'title' }),
  response: z.object({ data: z.object({ items: z.array(hit) }).loose().nullable(), additional_data: z.object({ pagination: pagination.optional() }).loose().optional() }).loose(),
  paginate: { style: 'offset', param: 'start', sizeParam: 'limit', size: 100, items: (p) => p.data?.items ?? [] },
  maxItems: (i) => i.limit,
  map: (items) => ({ deals: items.map(({ item }) => ({ id: item.id, title: item.title, value: item.value ?? 0, currency: item.currency ?? null, status: item.status ?? null })) }),
});
