import { describe, expect, it } from 'vitest';
import { startIntercomFake, type IntercomFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { getContact, intercom, replyConversation } from './index.js';

const first = `6643${'1'.padStart(20, '0')}`;

describeConformance<IntercomFake>({
  service: intercom,
  startFake: startIntercomFake,
  tokenPath: '/auth/eagle/token',
  throttleBody: { type: 'error.list', request_id: 'r1', errors: [{ code: 'rate_limit_exceeded', message: 'Rate Limit Exceeded' }] },
  operations: {
    'intercom.create_contact': {
      input: { email: 'grace@example.com', name: 'Grace Hopper' },
      check: (out) => expect(out).toMatchObject({ role: 'user', email: 'grace@example.com', name: 'Grace Hopper', createdAt: expect.stringMatching(/^20\d\d-/) }),
      badInput: { input: { name: 'No handle' }, field: 'email' },
    },
    'intercom.get_contact': {
      input: { contactId: first },
      check: (out) => expect(out).toMatchObject({ id: first, email: 'person1@example.com', role: 'user' }),
      badInput: { input: { contactId: 'a b' }, field: 'contactId' },
    },
    'intercom.update_contact': {
      input: { contactId: first, name: 'Renamed', role: 'lead' },
      check: (out) => expect(out).toMatchObject({ id: first, name: 'Renamed', role: 'lead' }),
      badInput: { input: { contactId: first }, field: 'name' },
    },
    'intercom.search_contacts': {
      // 160 contacts hold "@example.com": pages of 150 then the rest via pages.next.starting_after.
      input: { operator: '~', value: '@example.com', limit: 1000 },
      check: (out) => expect((out as { contacts: unknown[] }).contacts.length).toBeGreaterThanOrEqual(160),
      badInput: { input: { value: 'x', operator: '>' }, field: 'operator' },
    },
    'intercom.create_conversation': {
      input: { contactId: first, body: 'My order has not arrived' },
      check: (out, fake) => {
        expect(out).toMatchObject({ messageId: expect.any(String), conversationId: expect.any(String) });
        expect((fake as IntercomFake).conversations.at(-1)).toMatchObject({ contactId: first, body: 'My order has not arrived' });
      },
      badInput: { input: { contactId: first, body: '' }, field: 'body' },
    },
    'intercom.reply_conversation': {
      input: { conversationId: '1001', adminId: '991', body: 'On its way.' },
      check: (out, fake) => {
        expect(out).toMatchObject({ id: '1001', state: 'open' });
        expect((fake as IntercomFake).conversations[0]!.parts.at(-1)).toMatchObject({ type: 'comment', body: 'On its way.' });
      },
      badInput: { input: { conversationId: 'abc', adminId: '991', body: 'x' }, field: 'conversationId' },
    },
  },
  triggers: {
    'intercom.new_conversation': {
      config: {},
      produce: (f) => void (f as IntercomFake).addConversation(first, 'Brand new question'),
      check: (events) => expect(events).toEqual([expect.objectContaining({ body: 'Brand new question', contactIds: [first] })]),
    },
  },
  extra(ctx) {
    describe('Intercom specifics', () => {
      it('sends the pinned API version; errors read plainly', async () => {
        const { h, fake } = ctx();
        await h.run(getContact, { contactId: first });
        expect(fake.requests.at(-1)!.headers['intercom-version']).toBe('2.11');
        await expect(h.run(getContact, { contactId: 'missing' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Intercom says “User Not Found”.' });
        await expect(h.run(replyConversation, { conversationId: '1001', adminId: '5', body: 'x' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: 'Intercom says “Admin not found”.' });
      });
    });
  },
});
