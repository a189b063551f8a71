import { z } from 'zod';
import { fieldName, recordId, rowOut, salesforce, sobjectType, soqlRecord, toRow } from '../auth.js';

export const getRecord = salesforce.operation({
  id: 'salesforce.get_record',
  title: 'Get a record',
  description: 'Reads one Salesforce record by object and id.',
  aiDescription: 'Use to read a Salesforce record (Lead, Contact, Account, Opportunity or a custom object) when you have its id. `fields` narrows the answer.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ object: sobjectType, recordId, fields: z.array(fieldName).max(100).optional() }),
  output: rowOut,
  path: (i) => `sobjects/${i.object}/${i.recordId}`,
  query: (i) => ({ fields: i.fields?.join(',') }),
  response: soqlRecord,
  map: toRow,
});
