import { describe, expect, it } from 'vitest';
import { startSalesforceFake, type SalesforceFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { createLead, findRecords, getRecord, query, salesforce, updateRecord } from './index.js';

async function seeded(): Promise<SalesforceFake> {
  const fake = await startSalesforceFake();
  // Small query batches, so results follow nextRecordsUrl.
  fake.batchSize = 50;
  for (let i = 1; i <= 120; i++) fake.add('Lead', { FirstName: 'Lead', LastName: `No ${i}`, Company: i % 3 ? 'Acme' : "O'Neil & Sons", Email: `lead${i}@example.com`, Status: 'Open - Not Contacted' });
  fake.add('Account', { Name: 'Acme' });
  return fake;
}
const lead = (f: SalesforceFake, n: number) => f.objects['Lead']![n - 1]!.Id;
let firstLead = '';

describeConformance({
  service: salesforce,
  startFake: async () => {
    const f = await seeded();
    firstLead = lead(f, 1);
    return f;
  },
  basePath: '/services/data/v60.0',
  tokenPath: '/services/oauth2/token',
  throttleBody: [{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
  operations: {
    'salesforce.query': {
      input: { soql: "SELECT Id, LastName, Company FROM Lead WHERE Company = 'Acme' ORDER BY CreatedDate ASC" },
      check: (out) => expect(out).toMatchObject({ totalSize: 80, records: expect.arrayContaining([expect.objectContaining({ LastName: 'No 1', Company: 'Acme' })]) }),
      badInput: { input: { soql: 'DELETE FROM Lead' }, field: 'soql' },
    },
    'salesforce.find_records': {
      input: { object: 'Lead', field: 'Status', value: 'Open - Not Contacted', fields: ['Email'], limit: 110 },
      check: (out) => expect((out as { records: unknown[] }).records).toHaveLength(110),
      badInput: { input: { object: 'Lead; DELETE', field: 'Email', value: 'x' }, field: 'object' },
    },
    'salesforce.get_record': { input: { object: 'Lead', recordId: '00Q000000000000001' }, check: (out) => expect(out).toMatchObject({ LastName: 'No 1', Company: 'Acme' }), badInput: { input: { object: 'Lead', recordId: 'short' }, field: 'recordId' } },
    'salesforce.create_lead': { input: { lastName: 'Hopper', company: 'Navy', email: 'grace@example.com' }, check: (out) => expect((out as { id: string }).id).toMatch(/^00Q/), badInput: { input: { lastName: 'Hopper' }, field: 'company' } },
    'salesforce.create_record': { input: { object: 'Account', fields: { Name: 'Globex', Industry: 'Energy' } }, check: (out) => expect((out as { id: string }).id).toMatch(/^001/), badInput: { input: { object: 'Account', fields: {} }, field: 'fields' } },
    'salesforce.update_record': { input: { object: 'Lead', recordId: '00Q000000000000002', fields: { Status: 'Working - Contacted' } }, check: (out) => expect(out).toEqual({ id: '00Q000000000000002', updated: true }), badInput: { input: { object: 'Lead', recordId: '00Q000000000000002', fields: { 'Bad Field': 1 } }, field: 'fields' } },
  },
  triggers: {
    'salesforce.new_record': {
      config: { object: 'Lead', fields: ['Email'] },
      produce: (f) => void (f as SalesforceFake).add('Lead', { LastName: 'Newcomer', Company: 'Initech', Email: 'new@example.com' }),
      check: (events) => expect(events[0]).toMatchObject({ Email: 'new@example.com', Id: expect.stringMatching(/^00Q/) }),
    },
  },
  extra(ctx) {
    describe('Salesforce specifics', () => {
      it('escapes the value in find_records, so a quote cannot change the query', async () => {
        const { h } = ctx();
        expect((await h.run(findRecords, { object: 'Lead', field: 'Company', value: "O'Neil & Sons" })).records).toHaveLength(40);
        expect((await h.run(findRecords, { object: 'Lead', field: 'Company', value: "x' OR Company != 'y" })).records).toEqual([]);
      });
      it('the update is visible to a read, and missing fields and records are named', async () => {
        const { h } = ctx();
        await h.run(updateRecord, { object: 'Lead', recordId: firstLead, fields: { Email: 'changed@example.com' } });
        expect(await h.run(getRecord, { object: 'Lead', recordId: firstLead, fields: ['Email'] })).toMatchObject({ Email: 'changed@example.com' });
        await expect(h.run(createLead, { lastName: 'X', company: 'Y', fields: { Region__c: 'EU' } })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: "Salesforce says “No such column 'Region__c' on sobject of type Lead”." });
        await expect(h.run(getRecord, { object: 'Lead', recordId: '00Q999999999999999' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
        await expect(h.run(query, { soql: 'SELECT Id FROM Lead WHERE' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: expect.stringMatching(/^Salesforce says “unexpected token/) });
      });
    });
  },
});
