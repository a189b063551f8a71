import { z } from 'zod';
import { ticketOut, toTicket, zdTicket, zendesk } from '../service.js';

export const searchTickets = zendesk.operation({
  id: 'zendesk.search_tickets',
  title: 'Search tickets',
  description: 'Finds Zendesk tickets with Zendesk’s search syntax.',
  aiDescription: 'Use to find tickets, e.g. query `status:open printer` or `requester:ada@example.com`. Only tickets are returned (type:ticket is added).',
  idempotent: true,
  sideEffect: false,
  input: z.object({ query: z.string().min(1).max(1000), limit: z.number().int().min(1).max(1000).default(100) }),
  output: z.object({ tickets: z.array(ticketOut) }),
  path: () => 'search',
  query: (i) => ({ query: `type:ticket ${i.query}`, per_page: Math.min(i.limit, 100) }),
  response: z.object({ results: z.array(zdTicket), next_page: z.string().nullish(), count: z.number().optional() }).loose(),
  // Search pages by offset; next_page is an absolute URL carrying its own query.
  paginate: { style: 'next-url', next: (p) => p.next_page, items: (p) => p.results },
  maxItems: (i) => i.limit,
  map: (items) => ({ tickets: items.map(toTicket) }),
});
