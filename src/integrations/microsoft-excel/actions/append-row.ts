import { z } from 'zod';
import { asWritten, cellValue, excel, unknownColumns, valueInput, workbookInput, workbookPath } from '../auth.js';

export const appendRow = excel.operation({
  id: 'microsoft_excel.append_row',
  title: 'Append a row to a table',
  description: 'Adds a row at the end of an Excel table, with values by column name.',
  aiDescription:
    'Use to add one row to a table in an Excel workbook (Insert > Table in Excel; tables have names such as Table1); values are given by column name and must match the table’s columns. Use microsoft_excel.update_range to change cells in place.',
  idempotent: false,
  sideEffect: true,
  input: z.object({
    ...workbookInput,
    table: z.string().trim().min(1).max(255).describe('The table name or id (Table1)'),
    values: z.record(z.string().min(1).max(255), cellValue).refine((v) => Object.keys(v).length > 0, { error: 'give at least one column' }),
    valueInput,
  }),
  output: z.object({ index: z.number().int() }),
  method: 'POST',
  async run({ client, signal }, i) {
    const tablePath = `${workbookPath(i)}/tables/${encodeURIComponent(i.table)}`;
    const cols = await client.call({ path: `${tablePath}/columns`, query: { $select: 'name,index' }, signal }, z.object({ value: z.array(z.object({ name: z.string(), index: z.number().int() }).loose()) }).loose());
    const headers = [...cols.value].sort((a, b) => a.index - b.index).map((c) => c.name);
    const bad = unknownColumns(Object.keys(i.values), headers, `table “${i.table}”`);
    if (bad) throw bad;
    const row = headers.map((h) => asWritten(i.values[h] ?? null, i.valueInput));
    const added = await client.call({ method: 'POST', path: `${tablePath}/rows`, json: { index: null, values: [row] }, signal }, z.object({ index: z.number().int() }).loose());
    return { index: added.index };
  },
});
