import { z } from 'zod';
import { sheets } from '../auth.js';
import { spreadsheetId } from '../common.js';

export const listSheets = sheets.operation({
  id: 'google_sheets.list_sheets',
  title: 'List sheets',
  description: 'Lists the sheets (tabs) of a Google spreadsheet.',
  aiDescription: 'Use to find the sheet (tab) titles of a spreadsheet before reading or writing rows. Use google_sheets.get_rows to read the rows themselves.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ spreadsheetId }),
  output: z.object({ title: z.string(), sheets: z.array(z.object({ sheetId: z.number(), title: z.string(), index: z.number(), rowCount: z.number().optional(), columnCount: z.number().optional() })) }),
  method: 'GET',
  path: (i) => `spreadsheets/${encodeURIComponent(i.spreadsheetId)}`,
  query: () => ({ fields: 'properties.title,sheets.properties(sheetId,title,index,gridProperties)' }),
  response: z.object({
    properties: z.object({ title: z.string() }).loose(),
    sheets: z.array(z.object({ properties: z.object({ sheetId: z.number(), title: z.string(), index: z.number().default(0), gridProperties: z.object({ rowCount: z.number().optional(), columnCount: z.number().optional() }).loose().optional() }).loose() }).loose()).default([]),
  }),
  map: (r) => ({
    title: r.properties.title,
    sheets: r.sheets.map(({ properties: p }) => ({ sheetId: p.sheetId, title: p.title, index: p.index, rowCount: p.gridProperties?.rowCount, columnCount: p.gridProperties?.columnCount })),
  }),
});
