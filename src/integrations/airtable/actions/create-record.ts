import { z } from 'zod';
import { airtable, airtableRecord, baseId, fieldValues, recordOut, tableName, tablePath } from '../auth.js';

export const createRecord = airtable.operation({
  id: 'airtable.create_record',
  title: 'Create a record',
  description: 'Adds a record (row) to an Airtable table.',
  aiDescription: 'Use to add a row to an Airtable table: `fields` maps field names to values. With `typecast` Airtable converts text into the field’s type (dates, select options, creating missing options).',
  idempotent: false,
  sideEffect: true,
  input: z.object({ baseId, table: tableName, fields: fieldValues, typecast: z.boolean().default(false) }),
  output: recordOut,
  method: 'POST',
  path: tablePath,
  body: (i) => ({ fields: i.fields, typecast: i.typecast }),
  response: airtableRecord,
  map: (r) => r,
});
