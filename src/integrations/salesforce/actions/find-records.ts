import { z } from 'zod';
import { fieldName, nextBatch, queryAnswer, rowOut, salesforce, sobjectType, soqlString, toRow } from '../auth.js';

export const findRecords = salesforce.operation({
  id: 'salesforce.find_records',
  title: 'Find records by a field',
  description: 'Finds records of an object whose field equals a value.',
  aiDescription: 'Use to look a Salesforce record up by one field (Lead by Email, Account by Name) before updating it or to avoid duplicates. The value is escaped into the SOQL. Returns the fields named in `fields` (Id always).',
  idempotent: true,
  sideEffect: false,
  input: z.object({ object: sobjectType, field: fieldName, value: z.string().max(1000), fields: z.array(fieldName).max(50).default(['Name']), limit: z.number().int().min(1).max(2000).default(100) }),
  output: z.object({ records: z.array(rowOut) }),
  path: () => 'query',
  query: (i) => ({ q: `SELECT ${[...new Set(['Id', ...i.fields])].join(', ')} FROM ${i.object} WHERE ${i.field} = ${soqlString(i.value)} LIMIT ${i.limit}` }),
  response: queryAnswer,
  paginate: { style: 'next-url', items: (p) => p.records, next: nextBatch },
  maxItems: (i) => i.limit,
  map: (records) => ({ records: records.map(toRow) }),
});
