import { describe, expect, it } from 'vitest';
import { startFreshdeskFake, type FreshdeskFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { freshdesk, getTicket, newTicket, updateTicket } from './index.js';

async function seeded(): Promise<FreshdeskFake> {
  const fake = await startFreshdeskFake();
  // More tickets than one page (100), so lists follow the Link header.
  for (let i = 1; i <= 130; i++) fake.add({ subject: `Problem ${i}`, email: `customer${i}@example.com`, priority: ((i % 4) + 1) as 1 | 2 | 3 | 4 });
  return fake;
}

describeConformance({
  service: freshdesk,
  startFake: seeded,
  basePath: '/api/v2',
  credentials: (f) => ({ kind: 'basic', username: f.issue(), password: 'X' }),
  throttleBody: { code: 'too_many_requests', message: 'You have exceeded the limit of requests per minute' },
  operations: {
    'freshdesk.list_tickets': { input: { limit: 120 }, check: (out) => expect((out as { tickets: unknown[] }).tickets).toHaveLength(120), badInput: { input: { updatedSince: 'yesterday' }, field: 'updatedSince' } },
    'freshdesk.search_tickets': {
      input: { query: 'status:2', limit: 70 },
      check: (out) => expect((out as { tickets: { status: number }[] }).tickets.every((t) => t.status === 2)).toBe(true),
      badInput: { input: { query: '"status:2"' }, field: 'query' },
    },
    'freshdesk.get_ticket': { input: { ticketId: 5 }, check: (out) => expect(out).toMatchObject({ id: 5, subject: 'Problem 5', email: 'customer5@example.com' }), badInput: { input: { ticketId: 0 }, field: 'ticketId' } },
    'freshdesk.create_ticket': { input: { email: 'ada@example.com', subject: 'Printer on fire', description: 'Please help', priority: 4, tags: ['urgent'] }, check: (out) => expect(out).toMatchObject({ subject: 'Printer on fire', priority: 4, status: 2, tags: ['urgent'] }), badInput: { input: { email: 'ada@example.com', subject: 'x', description: 'y', priority: 9 }, field: 'priority' } },
    'freshdesk.update_ticket': { input: { ticketId: 3, status: 4 }, check: (out) => expect(out).toMatchObject({ id: 3, status: 4 }), badInput: { input: { ticketId: 3, status: 1 }, field: 'status' } },
  },
  triggers: {
    'freshdesk.new_ticket': { config: {}, produce: (f) => void (f as FreshdeskFake).add({ subject: 'Brand new', email: 'new@example.com' }), check: (events) => expect(events[0]).toMatchObject({ subject: 'Brand new', email: 'new@example.com' }) },
  },
  extra(ctx) {
    describe('Freshdesk specifics', () => {
      it('signs with the API key as the Basic user name', async () => {
        const { h, fake } = ctx();
        await h.run(getTicket, { ticketId: 1 });
        const auth = String(fake.requests.at(-1)?.headers.authorization);
        expect(Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString()).toMatch(/^tok-.+:X$/);
      });
      it('an update to an old ticket does not fire the new-ticket trigger', async () => {
        const { h, fake } = ctx();
        const first = await h.poll(newTicket, {});
        await h.run(updateTicket, { ticketId: 2, priority: 3 });
        expect((await h.poll(newTicket, {}, first.cursor)).events).toEqual([]);
        expect((fake as FreshdeskFake).tickets.length).toBeGreaterThan(100);
      });
      it('reports a missing ticket in words', async () => {
        const { h } = ctx();
        await expect(h.run(getTicket, { ticketId: 99999 })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Freshdesk says the ticket does not exist (or the connection cannot see it).' });
      });
    });
  },
});
