import { z } from 'zod';
import { airtable, baseId, recordList, recordOut, tableName, tablePath } from '../auth.js';

export const listRecords = airtable.operation({
  id: 'airtable.list_records',
  title: 'List records',
  description: 'Reads the records of an Airtable table (or one of its views), optionally filtered by a formula.',
  aiDescription: 'Use to read rows of an Airtable table. `view` keeps that view’s filters and order; `filterByFormula` is an Airtable formula (e.g. {Status} = \'Open\'). Use airtable.search_records to match one field’s value without writing a formula.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ baseId, table: tableName, view: z.string().max(255).optional(), filterByFormula: z.string().max(4000).optional(), limit: z.number().int().min(1).max(5000).default(100) }),
  output: z.object({ records: z.array(recordOut) }),
  path: tablePath,
  query: (i) => ({ view: i.view, filterByFormula: i.filterByFormula, pageSize: 100 }),
  response: recordList,
  paginate: { style: 'cursor', param: 'offset', items: (p) => p.records, next: (p) => p.offset },
  maxItems: (i) => i.limit,
  map: (records) => ({ records }),
});
