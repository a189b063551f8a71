import { z } from 'zod';
import { rowDigest, rowsOf } from '../../kit/rows.js';
import { excel, rangeSchema, workbookInput, worksheetName, worksheetPath } from '../auth.js';

export const newRow = excel.pollTrigger({
  id: 'microsoft_excel.new_row',
  title: 'New row',
  description: 'Starts a run for each row added at the end of a worksheet.',
  aiDescription:
    'Use to start a workflow when a row is added to an Excel worksheet in OneDrive or SharePoint; the event is { itemId, worksheet, rowNumber, values: { <header>: <text> } }. Rows edited in place do not fire it.',
  config: z.object({ ...workbookInput, worksheet: worksheetName }),
  event: z.object({ itemId: z.string(), worksheet: z.string(), rowNumber: z.number().int(), values: z.record(z.string(), z.string()) }),
  // Graph has no change feed for cell values: the used range is read and rows past the last count are new.
  list: { method: 'GET', path: ({ config }) => `${worksheetPath(config)}/usedRange(valuesOnly=true)`, query: () => ({ $select: 'address,rowIndex,text' }) },
  response: rangeSchema,
  items: (r) => rowsOf(r.text, r.rowIndex + 1).rows,
  cursor: { style: 'position' },
  toEvent: (row, config) => ({ itemId: config.itemId, worksheet: config.worksheet, rowNumber: row.rowNumber, values: row.values }),
  eventKey: (e) => `${e.itemId}:${e.worksheet}:${e.rowNumber}:${rowDigest(e)}`,
});
