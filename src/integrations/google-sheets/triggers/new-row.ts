import { z } from 'zod';
import { sheets } from '../auth.js';
import { a1, rowDigest, rowsOf, sheetName, spreadsheetId, valueRange, valuesPath } from '../common.js';

export const newRow = sheets.pollTrigger({
  id: 'google_sheets.new_row',
  title: 'New row',
  description: 'Starts a run for each row added at the end of a sheet.',
  aiDescription:
    'Use to start a workflow when a row is added to a Google Sheet (a form response, a lead list); the event is { spreadsheetId, sheet, rowNumber, values: { <header>: <text> } }. Rows edited in place do not fire it.',
  config: z.object({ spreadsheetId, sheet: sheetName }),
  event: z.object({ spreadsheetId: z.string(), sheet: z.string(), rowNumber: z.number().int(), values: z.record(z.string(), z.string()) }),
  // Sheets has no change feed for values: the sheet is read whole and rows past the last count are new.
  list: {
    method: 'GET',
    path: ({ config }) => valuesPath(config.spreadsheetId, a1(config.sheet)),
    query: () => ({ majorDimension: 'ROWS', valueRenderOption: 'FORMATTED_VALUE' }),
  },
  response: valueRange,
  items: (r) => rowsOf(r.values).rows,
  cursor: { style: 'position' },
  toEvent: (row, config) => ({ spreadsheetId: config.spreadsheetId, sheet: config.sheet, rowNumber: row.rowNumber, values: row.values }),
  eventKey: (e) => `${e.spreadsheetId}:${e.sheet}:${e.rowNumber}:${rowDigest(e)}`,
});
