import { z } from 'zod';
import { airtable, baseId, formulaString, recordList, recordOut, tableName, tablePath } from '../auth.js';

export const searchRecords = airtable.operation({
  id: 'airtable.search_records',
  title: 'Find records by a field',
  description: 'Finds the records of a table whose field equals a value.',
  aiDescription: 'Use to look a row up by one field (an email, an order number) before updating it or to avoid duplicates. Exact match on the field’s text. Returns matches in table order.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ baseId, table: tableName, field: z.string().min(1).max(255).regex(/^[^{}]+$/, { error: 'must be a field name without braces' }), value: z.string().max(1000), limit: z.number().int().min(1).max(1000).default(10) }),
  output: z.object({ records: z.array(recordOut) }),
  path: tablePath,
  query: (i) => ({ filterByFormula: `{${i.field}} = ${formulaString(i.value)}`, pageSize: 100 }),
  response: recordList,
  paginate: { style: 'cursor', param: 'offset', items: (p) => p.records, next: (p) => p.offset },
  maxItems: (i) => i.limit,
  map: (records) => ({ records }),
});
