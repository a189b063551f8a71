import { describe, expect, it } from 'vitest';
import { startHubspotFake, type HubspotFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { createContact, getContact, hubspot, searchContacts, updateContact } from './index.js';

async function seeded(): Promise<HubspotFake> {
  const fake = await startHubspotFake();
  // More contacts than one search page (100), so searches follow `after`.
  for (let i = 1; i <= 130; i++) fake.add('contacts', { email: `person${i}@example.com`, firstname: `Person`, lastname: `${i}`, company: i % 2 ? 'Acme' : 'Globex' });
  return fake;
}

describeConformance({
  service: hubspot,
  startFake: seeded,
  throttleBody: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', category: 'RATE_LIMITS' },
  operations: {
    'hubspot.create_contact': { input: { firstname: 'Ada', lastname: 'Lovelace', company: 'Analytical' }, check: (out) => expect(out).toMatchObject({ properties: { firstname: 'Ada', company: 'Analytical' } }), badInput: { input: { email: 'not-an-email' }, field: 'email' } },
    'hubspot.get_contact': { input: { contactId: '101' }, check: (out) => expect(out).toMatchObject({ id: '101', properties: { email: 'person1@example.com' } }), badInput: { input: { contactId: 'abc' }, field: 'contactId' } },
    'hubspot.update_contact': { input: { contactId: '102', phone: '+44 20 7946 0000' }, check: (out) => expect(out).toMatchObject({ properties: { phone: '+44 20 7946 0000', email: 'person2@example.com' } }), badInput: { input: { phone: '1' }, field: 'contactId' } },
    'hubspot.search_contacts': {
      input: { query: 'person', limit: 120 },
      check: (out) => {
        const contacts = (out as { contacts: { properties: { company: string } }[] }).contacts;
        expect(contacts).toHaveLength(120);
        expect(contacts[0]?.properties.company).toBe('Acme');
      },
      badInput: { input: { limit: 5 }, field: 'query' },
    },
    'hubspot.create_deal': { input: { dealname: 'Big deal', amount: 5000, dealstage: 'appointmentscheduled' }, check: (out) => expect(out).toMatchObject({ properties: { dealname: 'Big deal', amount: '5000', pipeline: 'default' } }), badInput: { input: { dealname: '' }, field: 'dealname' } },
  },
  triggers: {
    'hubspot.new_contact': {
      config: {},
      produce: (f) => void (f as HubspotFake).add('contacts', { email: `new${Date.now()}@example.com`, firstname: 'New' }),
      check: (events) => expect(events[0]).toMatchObject({ properties: { firstname: 'New' } }),
    },
  },
  extra(ctx) {
    describe('HubSpot specifics', () => {
      it('finds a contact by exact email', async () => {
        expect((await ctx().h.run(searchContacts, { email: 'person42@example.com' })).contacts.map((c) => c.id)).toEqual(['142']);
      });
      it('reports a duplicate email as a conflict, and property errors in words', async () => {
        const { h } = ctx();
        await expect(h.run(createContact, { email: 'person1@example.com' })).rejects.toMatchObject({ code: 'integrations.http.conflict', message: 'HubSpot says “Contact already exists. Existing ID: 101”.' });
        await expect(h.run(updateContact, { contactId: '101', properties: { favourite_colour: 'blue' } })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: 'HubSpot says “Property "favourite_colour" does not exist”.' });
      });
      it('a missing contact is not found', async () => {
        await expect(ctx().h.run(getContact, { contactId: '999999' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
      });
    });
  },
});
