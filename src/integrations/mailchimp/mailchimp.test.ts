import { describe, expect, it } from 'vitest';
import { NEWSLETTER, startMailchimpFake, type MailchimpFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { getMember, mailchimp, subscriberHash, upsertMember } from './index.js';

describeConformance({
  service: mailchimp,
  startFake: startMailchimpFake,
  basePath: '/3.0',
  tokenPath: '/oauth2/token',
  throttleBody: { type: 'https://mailchimp.com/developer/marketing/docs/errors/', title: 'Too Many Requests', status: 429, detail: 'You have exceeded the limit of 10 simultaneous connections.' },
  operations: {
    'mailchimp.list_audiences': {
      input: { limit: 120 },
      check: (out) => expect((out as { audiences: unknown[] }).audiences).toHaveLength(120),
      badInput: { input: { limit: 0 }, field: 'limit' },
    },
    'mailchimp.upsert_member': {
      input: { listId: NEWSLETTER, email: 'Grace@Example.com', statusIfNew: 'pending', mergeFields: { FNAME: 'Grace' } },
      check: (out, fake) => {
        expect(out).toMatchObject({ email: 'grace@example.com', mergeFields: { FNAME: 'Grace' }, listId: NEWSLETTER });
        expect(fake.requests.at(-1)?.path).toBe(`/3.0/lists/${NEWSLETTER}/members/${subscriberHash('grace@example.com')}`);
      },
      badInput: { input: { listId: NEWSLETTER, email: 'grace@example.com', mergeFields: { 'first name': 'x' } }, field: 'mergeFields' },
    },
    'mailchimp.get_member': {
      input: { listId: NEWSLETTER, email: 'READER3@example.com' },
      check: (out) => expect(out).toMatchObject({ email: 'reader3@example.com', status: 'subscribed', optedInAt: expect.any(String) }),
      badInput: { input: { listId: '../../x', email: 'a@example.com' }, field: 'listId' },
    },
    'mailchimp.list_members': {
      input: { listId: NEWSLETTER, status: 'subscribed', limit: 150 },
      check: (out) => {
        const m = (out as { members: { status: string }[] }).members;
        expect(m).toHaveLength(150);
        expect(m.every((x) => x.status === 'subscribed')).toBe(true);
      },
      badInput: { input: { listId: NEWSLETTER, status: 'everyone' }, field: 'status' },
    },
  },
  triggers: {
    'mailchimp.new_subscriber': {
      config: { listId: NEWSLETTER },
      produce: (f) => void (f as MailchimpFake).subscribe(NEWSLETTER, 'fresh@example.com'),
      check: (events) => expect(events[0]).toMatchObject({ email: 'fresh@example.com', status: 'subscribed' }),
    },
  },
  extra(ctx) {
    describe('Mailchimp specifics', () => {
      it('a second upsert updates the same member; status changes only when asked', async () => {
        const { h, fake } = ctx();
        await h.run(upsertMember, { listId: NEWSLETTER, email: 'reader10@example.com', mergeFields: { LNAME: 'Ten' } });
        expect(await h.run(getMember, { listId: NEWSLETTER, email: 'reader10@example.com' })).toMatchObject({ status: 'unsubscribed', mergeFields: { LNAME: 'Ten' } });
        expect((fake as MailchimpFake).members.filter((m) => m.email_address === 'reader10@example.com')).toHaveLength(1);
      });
      it('someone not in the audience is not_found; a refused address is named in Mailchimp’s words', async () => {
        const { h } = ctx();
        await expect(h.run(getMember, { listId: NEWSLETTER, email: 'nobody@example.com' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: expect.stringContaining('could not be found') });
        await expect(h.run(upsertMember, { listId: NEWSLETTER, email: 'x@fake.invalid' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: expect.stringContaining('looks fake or invalid') });
      });
    });
  },
});
