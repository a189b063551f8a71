import { z } from 'zod';
import { sheets } from '../auth.js';
import { a1, assertColumns, columnLetter, firstRowOf, readHeaders, rowValues, sheetName, spreadsheetId, valueInput, valueInputOption, valuesPath } from '../common.js';

const appended = z.object({ updates: z.object({ updatedRange: z.string(), updatedRows: z.number().optional() }).loose() }).loose();

export const appendRow = sheets.operation({
  id: 'google_sheets.append_row',
  title: 'Append a row',
  description: 'Adds a row at the end of a sheet, with values by column header.',
  aiDescription:
    'Use to add one row to a Google Sheet (a log, a list of leads or orders); values are given by column header ({ "Name": "Ada", "Total": 12 }) and must match the header row; an empty sheet gets the header row first. Use google_sheets.update_row to change an existing row.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ spreadsheetId, sheet: sheetName, values: rowValues.refine((v) => Object.keys(v).length > 0, { error: 'give at least one column' }), valueInput }),
  output: z.object({ rowNumber: z.number().int(), updatedRange: z.string() }),
  method: 'POST',
  async run({ client, signal }, i) {
    let headers = await readHeaders(client, i.spreadsheetId, i.sheet, signal);
    const rows: (string | number | boolean | null)[][] = [];
    if (headers.length === 0) {
      headers = Object.keys(i.values);
      rows.push(headers);
    } else assertColumns(headers, Object.keys(i.values), i.sheet);
    rows.push(headers.map((h) => i.values[h] ?? null));
    const r = await client.call(
      {
        method: 'POST',
        path: `${valuesPath(i.spreadsheetId, a1(i.sheet, `A1:${columnLetter(headers.length)}1`))}:append`,
        query: { valueInputOption: valueInputOption(i.valueInput), insertDataOption: 'INSERT_ROWS' },
        json: { majorDimension: 'ROWS', values: rows },
        signal,
      },
      appended,
    );
    // The last row written is the data row (the header comes first on an empty sheet).
    return { rowNumber: firstRowOf(r.updates.updatedRange) + rows.length - 1, updatedRange: r.updates.updatedRange };
  },
});
