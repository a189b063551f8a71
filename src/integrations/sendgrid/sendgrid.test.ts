import { describe, expect, it } from 'vitest';
import { startSendGridFake, type SendGridFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { findContact, sendEmail, sendgrid } from './index.js';

describeConformance({
  service: sendgrid,
  startFake: startSendGridFake,
  basePath: '/v3',
  credentials: (f) => ({ kind: 'api_key', apiKey: f.issue() }),
  throttleBody: { errors: [{ field: null, message: 'too many requests' }] },
  operations: {
    'sendgrid.send_email': {
      input: { from: { email: 'team@atom.example', name: 'Atom' }, to: ['ada@example.com'], subject: 'Welcome', text: 'Hello', html: '<p>Hello</p>' },
      check: (out, fake) => {
        expect(out).toMatchObject({ accepted: true, messageId: expect.stringMatching(/^msg-/) });
        expect(fake.requests.at(-1)?.body).toMatchObject({ content: [{ type: 'text/plain' }, { type: 'text/html' }] });
      },
      badInput: { input: { from: { email: 'team@atom.example' }, to: ['not-an-address'], subject: 'x', text: 'y' }, field: 'to' },
    },
    'sendgrid.upsert_contacts': {
      input: { listIds: ['list-001'], contacts: [{ email: 'Grace@Example.com', firstName: 'Grace' }] },
      check: (out) => expect(out).toMatchObject({ jobId: expect.stringMatching(/^job-/) }),
      badInput: { input: { contacts: [] }, field: 'contacts' },
    },
    'sendgrid.find_contact': {
      input: { email: 'grace@example.com' },
      check: (out) => expect(out).toMatchObject({ found: true, contacts: [{ email: 'grace@example.com', firstName: 'Grace', listIds: ['list-001'] }] }),
      badInput: { input: { email: "x' OR email LIKE '%" }, field: 'email' },
    },
    'sendgrid.list_lists': {
      input: { limit: 120 },
      check: (out) => expect((out as { lists: unknown[] }).lists).toHaveLength(120),
      badInput: { input: { limit: 0 }, field: 'limit' },
    },
  },
  extra(ctx) {
    describe('SendGrid specifics', () => {
      it('an unverified sender is refused in SendGrid’s words, naming the field', async () => {
        await expect(ctx().h.run(sendEmail, { from: { email: 'x@unverified.example' }, to: ['ada@example.com'], subject: 's', text: 't' })).rejects.toMatchObject({ code: 'integrations.http.forbidden', message: 'SendGrid says “The from address does not match a verified Sender Identity.” (field from).' });
      });
      it('an address with a quote stays a quoted SGQL literal', async () => {
        const { h, fake } = ctx();
        expect(await h.run(findContact, { email: "o'brien@example.com" })).toEqual({ found: false, contacts: [] });
        expect(fake.requests.at(-1)?.body).toEqual({ query: "email = 'o''brien@example.com'" });
        void (fake as SendGridFake);
      });
    });
  },
});
