import { z } from 'zod';
import { nextBatch, queryAnswer, rowOut, salesforce, toRow } from '../auth.js';

export const query = salesforce.operation({
  id: 'salesforce.query',
  title: 'Run a SOQL query',
  description: 'Runs a SOQL query and returns its rows, following every batch.',
  aiDescription: 'Use to read Salesforce records with SOQL (SELECT Id, Name FROM Account WHERE Industry = \'Energy\' ORDER BY CreatedDate DESC). The query is sent as written: put run data in it only through salesforce.find_records, which escapes the value. Returns at most `limit` rows.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ soql: z.string().regex(/^\s*SELECT\s/i, { error: 'must be a SOQL SELECT statement' }).max(20_000), limit: z.number().int().min(1).max(50_000).default(2000) }),
  output: z.object({ totalSize: z.number(), records: z.array(rowOut) }),
  path: () => 'query',
  query: (i) => ({ q: i.soql }),
  response: queryAnswer,
  paginate: { style: 'next-url', items: (p) => p.records, next: nextBatch },
  maxItems: (i) => i.limit,
  map: (records) => ({ totalSize: records.length, records: records.map(toRow) }),
});
