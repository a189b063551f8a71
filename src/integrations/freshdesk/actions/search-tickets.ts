import { z } from 'zod';
import { freshdesk, freshdeskTicket, ticketOut, toTicket } from '../auth.js';

export const searchTickets = freshdesk.operation({
  id: 'freshdesk.search_tickets',
  title: 'Search tickets',
  description: 'Finds Freshdesk tickets with a filter query (status, priority, tag, dates, custom fields).',
  aiDescription: "Use to find Freshdesk tickets by fields, in Freshdesk's filter syntax without the outer quotes: `status:2 AND priority:4`, `tag:'vip'`, `created_at:>'2026-01-01'`. Freshdesk returns at most 300 results (10 pages of 30).",
  idempotent: true,
  sideEffect: false,
  input: z.object({ query: z.string().min(3).max(512).regex(/^[^"]+$/, { error: 'must not contain double quotes (Freshdesk adds them)' }), limit: z.number().int().min(1).max(300).default(30) }),
  output: z.object({ total: z.number(), tickets: z.array(ticketOut) }),
  path: () => 'search/tickets',
  query: (i) => ({ query: `"${i.query}"` }),
  response: z.object({ results: z.array(freshdeskTicket), total: z.number() }).loose(),
  paginate: { style: 'page', param: 'page', size: 30, items: (p) => p.results, maxPages: 10 },
  maxItems: (i) => i.limit,
  map: (items) => ({ total: items.length, tickets: items.map(toTicket) }),
});
