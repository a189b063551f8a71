import { z } from 'zod';
import { a1Address, asWritten, cellValue, excel, rangeSchema, valueInput, workbookInput, worksheetName, worksheetPath } from '../auth.js';

export const updateRange = excel.operation({
  id: 'microsoft_excel.update_range',
  title: 'Update a range',
  description: 'Writes values into a range of cells of a worksheet.',
  aiDescription:
    'Use to write values into given cells of an Excel worksheet (A2:C2 takes one row of three values: [["a", 1, true]]); the values must have the range’s shape. Use microsoft_excel.append_row to add a row to a table.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ ...workbookInput, worksheet: worksheetName, address: a1Address, values: z.array(z.array(cellValue).min(1)).min(1), valueInput }),
  output: z.object({ address: z.string() }),
  method: 'PATCH',
  path: (i) => `${worksheetPath(i)}/range(address='${encodeURIComponent(i.address)}')`,
  body: (i) => ({ values: i.values.map((r) => r.map((v) => asWritten(v, i.valueInput))) }),
  response: rangeSchema,
  map: (r) => ({ address: r.address }),
});
