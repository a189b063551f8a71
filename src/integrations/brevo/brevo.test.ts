import { describe, expect, it } from 'vitest';
import { startBrevoFake, type BrevoFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { brevo, getContact, sendEmail, upsertContact } from './index.js';

describeConformance({
  service: brevo,
  startFake: startBrevoFake,
  basePath: '/v3',
  credentials: (f) => ({ kind: 'api_key', apiKey: f.issue() }),
  throttleBody: { code: 'too_many_requests', message: 'Too many requests' },
  operations: {
    'brevo.send_email': {
      input: { sender: { email: 'team@atom.example', name: 'Atom' }, to: [{ email: 'ada@example.com' }], subject: 'Welcome', text: 'Hello', html: '<p>Hello</p>' },
      check: (out, fake) => {
        expect(out).toMatchObject({ messageId: expect.stringMatching(/@smtp-relay/) });
        expect((fake as BrevoFake).mails.at(-1)).toMatchObject({ textContent: 'Hello', htmlContent: '<p>Hello</p>', to: [{ email: 'ada@example.com' }] });
      },
      badInput: { input: { sender: { email: 'team@atom.example' }, to: [], subject: 'x', text: 'y' }, field: 'to' },
    },
    'brevo.upsert_contact': {
      input: { email: 'Grace@Example.com', attributes: { FIRSTNAME: 'Grace' }, listIds: [7] },
      check: (out, fake) => {
        expect(out).toHaveProperty('created');
        expect((fake as BrevoFake).contacts.find((c) => c.email === 'grace@example.com')).toMatchObject({ attributes: { FIRSTNAME: 'Grace' }, listIds: [7] });
      },
      badInput: { input: { email: 'nope' }, field: 'email' },
    },
    'brevo.get_contact': {
      input: { identifier: 'person3@example.com' },
      check: (out) => expect(out).toMatchObject({ id: 3, email: 'person3@example.com', attributes: { FIRSTNAME: 'P3' }, listIds: [2], blocklisted: false }),
      badInput: { input: { identifier: '../account' }, field: 'identifier' },
    },
    'brevo.list_contacts': {
      input: { limit: 110 },
      check: (out) => {
        const o = out as { contacts: { id: number }[]; count: number };
        expect(o.count).toBe(110);
        expect(new Set(o.contacts.map((c) => c.id)).size).toBe(110);
      },
      badInput: { input: { limit: 0 }, field: 'limit' },
    },
  },
  extra(ctx) {
    describe('Brevo specifics', () => {
      it('creates a new contact, then updates the same email instead of failing as a duplicate', async () => {
        const { h, fake } = ctx();
        const first = await h.run(upsertContact, { email: 'new.person@example.com', attributes: { LASTNAME: 'Hopper' } });
        expect(first).toEqual({ created: true, id: expect.any(Number) });
        expect(await h.run(upsertContact, { email: 'new.person@example.com', attributes: { FIRSTNAME: 'Grace' } })).toEqual({ created: false, id: null });
        expect((fake as BrevoFake).contacts.find((c) => c.email === 'new.person@example.com')?.attributes).toEqual({ LASTNAME: 'Hopper', FIRSTNAME: 'Grace' });
      });
      it('a missing contact is not_found in Brevo’s words', async () => {
        await expect(ctx().h.run(getContact, { identifier: 'nobody@example.com' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: expect.stringContaining('Contact does not exist') });
      });
      it('an unverified sender is refused naming Brevo’s reason, not retried', async () => {
        const { h, fake } = ctx();
        const before = fake.requests.length;
        await expect(h.run(sendEmail, { sender: { email: 'x@unverified.example' }, to: [{ email: 'a@example.com' }], subject: 's', text: 't' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: expect.stringContaining('Sender is invalid') });
        expect(fake.requests.length).toBe(before + 1);
      });
    });
  },
});
