import { z } from 'zod';
import { airtable, airtableRecord, baseId, recordId, recordOut, tableName, tablePath } from '../auth.js';

export const getRecord = airtable.operation({
  id: 'airtable.get_record',
  title: 'Get a record',
  description: 'Reads one Airtable record by id.',
  aiDescription: 'Use to read one row of an Airtable table when you have its record id (rec...). Empty fields are left out, as Airtable sends them.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ baseId, table: tableName, recordId }),
  output: recordOut,
  path: (i) => `${tablePath(i)}/${encodeURIComponent(i.recordId)}`,
  response: airtableRecord,
  map: (r) => r,
});
