import { beforeEach, expect, it } from 'vitest';
import { startZendeskFake, type ZendeskFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { createTicket, getTicket, searchTickets, updateTicket, zendesk } from './index.js';

describeConformance<ZendeskFake>({
  service: zendesk,
  startFake: async () => Object.assign(await startZendeskFake(), { pageCap: 2 }),
  basePath: '/api/v2',
  throttleBody: 'Too Many Requests',
  operations: {
    'zendesk.create_ticket': {
      input: { subject: 'Cannot log in', body: 'Password reset mail never arrives', requesterEmail: 'grace@example.com', priority: 'high', tags: ['login'] },
      check: (out) => expect(out).toMatchObject({ subject: 'Cannot log in', status: 'new', priority: 'high', tags: ['login'] }),
      badInput: { input: { subject: 'x', body: 'y', requesterEmail: 'not an address' }, field: 'requesterEmail' },
    },
    'zendesk.get_ticket': {
      input: { ticketId: 1 },
      check: (out) => expect(out).toMatchObject({ id: 1, subject: 'Existing ticket 1', description: 'Help with thing 1', status: 'open' }),
      badInput: { input: { ticketId: -1 }, field: 'ticketId' },
    },
    'zendesk.update_ticket': {
      input: { ticketId: 2, status: 'pending', comment: 'We are on it.' },
      check: (out, fake) => {
        expect(out).toMatchObject({ id: 2, status: 'pending' });
        expect((fake as ZendeskFake).tickets[1]!.comments.at(-1)).toEqual({ body: 'We are on it.', public: true });
      },
      badInput: { input: { ticketId: 2 }, field: 'status' },
    },
    'zendesk.search_tickets': {
      input: { query: 'status:open' },
      check: (out) => {
        const tickets = (out as { tickets: { id: number; status: string }[] }).tickets;
        expect(tickets.length).toBeGreaterThanOrEqual(3);
        expect(new Set(tickets.map((t) => t.status))).toEqual(new Set(['open']));
      },
      badInput: { input: { query: '' }, field: 'query' },
    },
  },
  triggers: {
    'zendesk.new_ticket': {
      config: {},
      produce: (fake) => void (fake as ZendeskFake).addTicket('Refund', 'Please refund order 7'),
      check: (events) => expect(events[0]).toMatchObject({ subject: 'Refund', description: 'Please refund order 7', status: 'new' }),
    },
  },
  extra(ctx) {
    beforeEach(() => void (ctx().fake.faults.length = 0));
    it('search pages by next_page and reads Zendesk’s syntax', async () => {
      const { h, fake } = ctx();
      const before = fake.requests.length;
      await h.run(searchTickets, { query: 'status:open' });
      expect(fake.requests.slice(before).filter((r) => r.path.startsWith('/api/v2/search')).length).toBe(2);
      await h.run(createTicket, { subject: 'Invoice copy', body: 'Need the March invoice' });
      expect((await h.run(searchTickets, { query: 'march invoice' })).tickets.map((t) => t.subject)).toEqual(['Invoice copy']);
    });
    it('refreshes after 401; 422 details, 403 and 404 read plainly', async () => {
      const { h, fake } = ctx();
      fake.expireAll();
      await h.run(getTicket, { ticketId: 1 });
      expect(fake.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token' });
      await expect(h.run(updateTicket, { ticketId: 403, status: 'open' })).rejects.toMatchObject({ code: 'integrations.http.forbidden', message: expect.stringContaining('You do not have access') });
      await expect(h.run(getTicket, { ticketId: 999 })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Zendesk says the ticket does not exist (or the connection cannot see it).' });
      fake.inject({ kind: 'status', status: 422, body: { error: 'RecordInvalid', description: 'Record validation errors', details: { base: [{ description: 'Requester is suspended' }] } } });
      await expect(h.run(createTicket, { subject: 'x', body: 'y' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: 'Zendesk says “Requester is suspended”.' });
    });
    it('a reply is not sent twice when Zendesk fails with 500 (a plain status change is retried)', async () => {
      const { h, fake } = ctx();
      const comments = fake.tickets[0]!.comments.length;
      fake.inject({ kind: 'status', status: 500, body: { error: 'InternalError' } });
      await expect(h.run(updateTicket, { ticketId: 1, comment: 'Once only' })).rejects.toMatchObject({ code: 'integrations.http.server_error' });
      expect(fake.tickets[0]!.comments.length).toBe(comments);
      fake.inject({ kind: 'status', status: 500, body: { error: 'InternalError' } });
      await expect(h.run(updateTicket, { ticketId: 1, status: 'solved' })).resolves.toMatchObject({ status: 'solved' });
    });
  },
});
