import { z } from 'zod';
import { fieldValues, recordId, salesforce, sobjectType } from '../auth.js';

export const updateRecord = salesforce.operation({
  id: 'salesforce.update_record',
  title: 'Update a record',
  description: 'Changes fields of one Salesforce record.',
  aiDescription: 'Use to change fields (by API name) of an existing Salesforce record; the others keep their values. Find the record first with salesforce.find_records when you only know a field value.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ object: sobjectType, recordId, fields: fieldValues }),
  output: z.object({ id: z.string(), updated: z.literal(true) }),
  method: 'PATCH',
  path: (i) => `sobjects/${i.object}/${i.recordId}`,
  body: (i) => i.fields,
  // Salesforce answers 204 with no body.
  response: z.unknown(),
  map: (_answer, i) => ({ id: i.recordId, updated: true as const }),
});
