import { z } from 'zod';
import { sheets } from '../auth.js';
import { a1, assertColumns, isBlank, rowsOf, sheetName, sheetRow, spreadsheetId, valueRange, valuesPath } from '../common.js';

export const lookupRows = sheets.operation({
  id: 'google_sheets.lookup_rows',
  title: 'Look up rows',
  description: 'Finds the rows of a sheet whose column has a given value.',
  aiDescription:
    'Use to find rows of a Google Sheet where one column (by its header) equals a value, e.g. the row of a customer by email; compares the displayed text, ignoring case unless matchCase. Returns { rows: [{ rowNumber, values }] } (empty when none), so a later google_sheets.update_row can use rowNumber.',
  idempotent: true,
  sideEffect: false,
  input: z.object({
    spreadsheetId,
    sheet: sheetName,
    column: z.string().trim().min(1).max(200).describe('The column header to match'),
    value: z.union([z.string().max(50_000), z.number(), z.boolean()]).describe('The value to look for'),
    matchCase: z.boolean().default(false),
    limit: z.number().int().min(1).max(10_000).default(100),
  }),
  output: z.object({ rows: z.array(sheetRow) }),
  method: 'GET',
  path: (i) => valuesPath(i.spreadsheetId, a1(i.sheet)),
  query: () => ({ majorDimension: 'ROWS', valueRenderOption: 'FORMATTED_VALUE' }),
  response: valueRange,
  map: (r, i) => {
    const { headers, rows } = rowsOf(r.values);
    assertColumns(headers, [i.column], i.sheet);
    const norm = (s: string) => (i.matchCase ? s.trim() : s.trim().toLowerCase());
    const wanted = norm(String(i.value));
    return { rows: rows.filter((row) => !isBlank(row) && norm(row.values[i.column] ?? '') === wanted).slice(0, i.limit) };
  },
});
