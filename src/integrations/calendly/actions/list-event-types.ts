import { z } from 'zod';
import { collect, cursorInQuery, paginate } from '../../http/index.js';
import { calendly, collection, currentUser } from '../auth.js';

const eventType = z.object({ uri: z.string(), name: z.string(), slug: z.string().nullish(), active: z.boolean(), duration: z.number(), scheduling_url: z.string() }).loose();

export const listEventTypes = calendly.operation({
  id: 'calendly.list_event_types',
  title: 'List event types',
  description: 'Lists the connected user’s event types (the kinds of meeting people can book) with their booking links.',
  aiDescription: 'Use to get the connected Calendly user’s booking links (scheduling_url per event type, such as a 30-minute call) to send to someone.',
  idempotent: true,
  sideEffect: false,
  method: 'GET',
  paginated: true,
  input: z.object({ activeOnly: z.boolean().default(true), limit: z.number().int().min(1).max(1000).default(100) }),
  output: z.object({ eventTypes: z.array(z.object({ uri: z.string(), name: z.string(), active: z.boolean(), duration: z.number(), schedulingUrl: z.string() })) }),
  async run({ client, signal }, i) {
    const user = await currentUser(client, signal);
    const items = await collect(paginate(client, { first: { path: 'event_types', query: { user: user.uri, active: i.activeOnly ? true : undefined, count: 100 }, signal }, schema: collection(eventType), items: (p) => p.collection, next: cursorInQuery('page_token', (p) => p.pagination.next_page_token), maxItems: i.limit }));
    return { eventTypes: items.map((t) => ({ uri: t.uri, name: t.name, active: t.active, duration: t.duration, schedulingUrl: t.scheduling_url })) };
  },
});
