import { z } from 'zod';
import { airtable, baseId, formulaString, recordList, tableName, tablePath } from '../auth.js';

export const newRecord = airtable.pollTrigger({
  id: 'airtable.new_record',
  title: 'New record',
  description: 'Starts when a record is added to an Airtable table (or view).',
  aiDescription: 'Use to react to new rows in an Airtable table. Polls by the records’ creation time; the first poll only remembers the newest record. A `view` limits it to records that view shows.',
  config: z.object({ baseId, table: tableName, view: z.string().max(255).optional() }),
  event: z.object({ id: z.string(), createdTime: z.string(), fields: z.record(z.string(), z.unknown()) }),
  list: {
    path: ({ config }) => tablePath(config),
    // After the first poll only records created since the cursor are asked for.
    query: ({ config, cursor }) => ({ view: config.view, pageSize: 100, filterByFormula: typeof cursor?.['after'] === 'string' ? `IS_AFTER(CREATED_TIME(), ${formulaString(new Date(Date.parse(cursor['after']) - 1000).toISOString())})` : undefined }),
  },
  response: recordList,
  items: (p) => p.records,
  paginate: { style: 'cursor', param: 'offset', next: (p) => p.offset, maxPages: 20 },
  cursor: { style: 'timestamp', at: (r) => r.createdTime, id: (r) => r.id },
  toEvent: (r) => ({ id: r.id, createdTime: r.createdTime, fields: r.fields }),
});
