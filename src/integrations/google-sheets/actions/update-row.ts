import { z } from 'zod';
import { sheets } from '../auth.js';
import { a1, assertColumns, columnLetter, readHeaders, rowValues, sheetName, spreadsheetId, valueInput, valueInputOption } from '../common.js';

export const updateRow = sheets.operation({
  id: 'google_sheets.update_row',
  title: 'Update a row',
  description: 'Changes some cells of one row, by column header; the other cells stay as they are.',
  aiDescription:
    'Use to change cells of an existing row of a Google Sheet, given its rowNumber (from google_sheets.lookup_rows or the new-row trigger) and the new values by column header. Use google_sheets.append_row to add a row.',
  idempotent: true,
  sideEffect: true,
  input: z.object({
    spreadsheetId,
    sheet: sheetName,
    rowNumber: z.number().int().min(2, { error: 'row 1 is the header row; data starts at row 2' }).max(10_000_000),
    values: rowValues.refine((v) => Object.keys(v).length > 0, { error: 'give at least one column' }),
    valueInput,
  }),
  output: z.object({ rowNumber: z.number().int(), updatedCells: z.number().int() }),
  method: 'POST',
  async run({ client, signal }, i) {
    const headers = await readHeaders(client, i.spreadsheetId, i.sheet, signal);
    assertColumns(headers, Object.keys(i.values), i.sheet);
    // Only the named cells are written (values:batchUpdate), so the others keep their values and formulas.
    const data = Object.entries(i.values).map(([h, v]) => ({ range: a1(i.sheet, `${columnLetter(headers.indexOf(h) + 1)}${i.rowNumber}`), majorDimension: 'ROWS', values: [[v]] }));
    const r = await client.call(
      { method: 'POST', path: `spreadsheets/${encodeURIComponent(i.spreadsheetId)}/values:batchUpdate`, json: { valueInputOption: valueInputOption(i.valueInput), data }, idempotent: true, signal },
      z.object({ totalUpdatedCells: z.number().int().default(0) }).loose(),
    );
    return { rowNumber: i.rowNumber, updatedCells: r.totalUpdatedCells };
  },
});
