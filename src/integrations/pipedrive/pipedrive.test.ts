import { describe, expect, it } from 'vitest';
import { startPipedriveFake, type PipedriveFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { createDeal, getDeal, pipedrive, updateDeal } from './index.js';

async function seeded(): Promise<PipedriveFake> {
  const fake = await startPipedriveFake();
  // More deals than one page (100), so lists walk `start`.
  for (let i = 1; i <= 130; i++) fake.addDeal(`Deal ${i}${i % 10 === 0 ? ' renewal' : ''}`, i * 100);
  return fake;
}

describeConformance({
  service: pipedrive,
  startFake: seeded,
  basePath: '/v1',
  throttleBody: { success: false, error: 'Request over limit', errorCode: 429 },
  operations: {
    'pipedrive.list_deals': { input: { limit: 120 }, check: (out) => expect((out as { deals: unknown[] }).deals).toHaveLength(120), badInput: { input: { status: 'closed' }, field: 'status' } },
    'pipedrive.search_deals': { input: { term: 'deal', limit: 110 }, check: (out) => expect((out as { deals: unknown[] }).deals).toHaveLength(110), badInput: { input: { term: 'd' }, field: 'term' } },
    'pipedrive.get_deal': { input: { dealId: 7 }, check: (out) => expect(out).toMatchObject({ id: 7, title: 'Deal 7', value: 700, currency: 'EUR', status: 'open' }), badInput: { input: { dealId: -1 }, field: 'dealId' } },
    'pipedrive.create_deal': { input: { title: 'New business', value: 1200, currency: 'EUR' }, check: (out) => expect(out).toMatchObject({ title: 'New business', value: 1200 }), badInput: { input: { title: 'x', currency: 'euro' }, field: 'currency' } },
    'pipedrive.update_deal': { input: { dealId: 3, status: 'won' }, check: (out) => expect(out).toMatchObject({ id: 3, status: 'won', title: 'Deal 3' }), badInput: { input: { dealId: 3, status: 'done' }, field: 'status' } },
    'pipedrive.create_person': { input: { name: 'Ada Lovelace', email: 'ada@example.com' }, check: (out) => expect(out).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' }), badInput: { input: { name: '' }, field: 'name' } },
  },
  triggers: {
    'pipedrive.new_deal': { config: {}, produce: (f) => void (f as PipedriveFake).addDeal('Fresh lead', 50), check: (events) => expect(events[0]).toMatchObject({ title: 'Fresh lead', value: 50 }) },
  },
  extra(ctx) {
    describe('Pipedrive specifics', () => {
      it('links a deal to a person, and says when the person does not exist', async () => {
        const { h, fake } = ctx();
        const person = (fake as PipedriveFake).persons[0]!;
        expect(await h.run(createDeal, { title: 'With Ada', personId: person.id })).toMatchObject({ personId: person.id });
        await expect(h.run(createDeal, { title: 'With nobody', personId: 9999 })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: 'Pipedrive says “Person not found”.' });
      });
      it('a missing deal is not found, in Pipedrive’s words', async () => {
        const { h } = ctx();
        await expect(h.run(getDeal, { dealId: 99999 })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Pipedrive says “Deal not found”.' });
        await expect(h.run(updateDeal, { dealId: 99999, title: 'x' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
      });
    });
  },
});
