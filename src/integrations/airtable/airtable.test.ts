import { describe, expect, it } from 'vitest';
import { startAirtableFake, type AirtableFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { airtable, createRecord, getRecord, searchRecords } from './index.js';

const LEADS = 'appBase1/Leads';

async function seeded(): Promise<AirtableFake> {
  const fake = await startAirtableFake();
  // More rows than one page (100), so listing follows `offset`.
  for (let i = 1; i <= 220; i++) fake.add(LEADS, { Name: `Lead ${i}`, Email: `lead${i}@example.com`, Status: i % 2 ? 'Open' : 'Won' });
  return fake;
}
const first = (f: AirtableFake) => f.tables.get(LEADS)![0]!.id;

describeConformance({
  service: airtable,
  startFake: seeded,
  basePath: '/v0',
  throttleBody: { errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' }] },
  operations: {
    'airtable.list_records': {
      input: { baseId: 'appBase1', table: 'Leads', limit: 120 },
      check: (out) => expect((out as { records: unknown[] }).records).toHaveLength(120),
      badInput: { input: { baseId: 'base1', table: 'Leads' }, field: 'baseId' },
    },
    'airtable.search_records': {
      input: { baseId: 'appBase1', table: 'Leads', field: 'Status', value: 'Won', limit: 105 },
      check: (out) => {
        const records = (out as { records: { fields: { Status: string } }[] }).records;
        expect(records).toHaveLength(105);
        expect(records.every((r) => r.fields.Status === 'Won')).toBe(true);
      },
      badInput: { input: { baseId: 'appBase1', table: 'Leads', field: '{Status}', value: 'x' }, field: 'field' },
    },
    'airtable.get_record': { input: { baseId: 'appBase1', table: 'Leads', recordId: 'rec00000000000001' }, check: (out) => expect(out).toMatchObject({ fields: { Name: 'Lead 1' } }), badInput: { input: { baseId: 'appBase1', table: 'Leads', recordId: '1' }, field: 'recordId' } },
    'airtable.create_record': { input: { baseId: 'appBase1', table: 'Leads', fields: { Name: 'Grace', Email: 'grace@example.com' } }, check: (out) => expect(out).toMatchObject({ id: expect.stringMatching(/^rec/), fields: { Name: 'Grace' } }), badInput: { input: { baseId: 'appBase1', table: 'Leads', fields: {} }, field: 'fields' } },
    'airtable.update_record': { input: { baseId: 'appBase1', table: 'Leads', recordId: 'rec00000000000002', fields: { Status: 'Open' } }, check: (out) => expect(out).toMatchObject({ fields: { Name: 'Lead 2', Status: 'Open' } }), badInput: { input: { baseId: 'appBase1', table: 'Leads', fields: { Status: 'x' } }, field: 'recordId' } },
  },
  triggers: {
    'airtable.new_record': {
      config: { baseId: 'appBase1', table: 'Leads' },
      produce: (f) => void (f as AirtableFake).add(LEADS, { Name: 'Newcomer' }),
      check: (events) => expect(events[0]).toMatchObject({ fields: { Name: 'Newcomer' } }),
    },
  },
  extra(ctx) {
    describe('Airtable specifics', () => {
      it('escapes the searched value inside the formula', async () => {
        const { h, fake } = ctx();
        (fake as AirtableFake).add(LEADS, { Name: "O'Brien \\ Co" });
        expect((await h.run(searchRecords, { baseId: 'appBase1', table: 'Leads', field: 'Name', value: "O'Brien \\ Co" })).records).toHaveLength(1);
      });
      it('reports Airtable’s field errors and missing records in words', async () => {
        const { h, fake } = ctx();
        await expect(h.run(createRecord, { baseId: 'appBase1', table: 'Leads', fields: { Nmae: 'typo' } })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: 'Airtable says “Unknown field name: "Nmae"”.' });
        await expect(h.run(getRecord, { baseId: 'appBase1', table: 'Leads', recordId: 'recMissing000000' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
        await expect(h.run(getRecord, { baseId: 'appBase1', table: 'Nope', recordId: first(fake as AirtableFake) })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: expect.stringMatching(/does not exist/) });
      });
    });
  },
});
