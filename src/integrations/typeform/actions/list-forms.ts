import { z } from 'zod';
import { typeform } from '../auth.js';

const formItem = z.object({ id: z.string(), title: z.string(), last_updated_at: z.string().optional(), _links: z.object({ display: z.string() }).loose().optional() }).loose();

export const listForms = typeform.operation({
  id: 'typeform.list_forms',
  title: 'List forms',
  description: 'Lists the account’s forms, optionally those whose title contains a word.',
  aiDescription: 'Use to find a Typeform form’s id by its title (needed by typeform.list_responses and the new-response trigger).',
  idempotent: true,
  sideEffect: false,
  input: z.object({ search: z.string().max(200).optional(), limit: z.number().int().min(1).max(1000).default(200) }),
  output: z.object({ forms: z.array(z.object({ id: z.string(), title: z.string(), url: z.string().nullable(), lastUpdatedAt: z.string().nullable() })) }),
  path: () => 'forms',
  query: (i) => ({ search: i.search }),
  response: z.object({ total_items: z.number(), page_count: z.number(), items: z.array(formItem) }).loose(),
  paginate: { style: 'page', param: 'page', sizeParam: 'page_size', size: 200, items: (p) => p.items },
  maxItems: (i) => i.limit,
  map: (items) => ({ forms: items.map((f) => ({ id: f.id, title: f.title, url: f._links?.display ?? null, lastUpdatedAt: f.last_updated_at ?? null })) }),
});
