import { z } from 'zod';
import { sheets } from '../auth.js';
import { a1, isBlank, rowsOf, sheetName, sheetRow, spreadsheetId, valueRange, valuesPath } from '../common.js';

export const getRows = sheets.operation({
  id: 'google_sheets.get_rows',
  title: 'Get rows',
  description: 'Reads the rows of a sheet as objects keyed by its header row.',
  aiDescription:
    'Use to read the rows of a Google Sheet; row 1 is the header and each row comes back as { rowNumber, values: { <header>: <text> } }. Use google_sheets.lookup_rows to find rows by a column value instead of reading them all.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ spreadsheetId, sheet: sheetName, limit: z.number().int().min(1).max(10_000).default(1000).describe('At most this many rows (from the top)') }),
  output: z.object({ headers: z.array(z.string()), rows: z.array(sheetRow) }),
  method: 'GET',
  path: (i) => valuesPath(i.spreadsheetId, a1(i.sheet)),
  query: () => ({ majorDimension: 'ROWS', valueRenderOption: 'FORMATTED_VALUE' }),
  response: valueRange,
  map: (r, i) => {
    const { headers, rows } = rowsOf(r.values);
    return { headers, rows: rows.filter((row) => !isBlank(row)).slice(0, i.limit) };
  },
});
