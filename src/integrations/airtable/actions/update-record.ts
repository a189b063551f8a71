import { z } from 'zod';
import { airtable, airtableRecord, baseId, fieldValues, recordId, recordOut, tableName, tablePath } from '../auth.js';

export const updateRecord = airtable.operation({
  id: 'airtable.update_record',
  title: 'Update a record',
  description: 'Changes fields of one Airtable record; the fields not given stay as they are.',
  aiDescription: 'Use to change some fields of an Airtable row (record id rec...); other fields keep their values. Find the record first with airtable.search_records when you only know a field value.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ baseId, table: tableName, recordId, fields: fieldValues, typecast: z.boolean().default(false) }),
  output: recordOut,
  method: 'PATCH',
  path: (i) => `${tablePath(i)}/${encodeURIComponent(i.recordId)}`,
  body: (i) => ({ fields: i.fields, typecast: i.typecast }),
  response: airtableRecord,
  map: (r) => r,
});
