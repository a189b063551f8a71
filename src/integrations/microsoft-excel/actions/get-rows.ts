import { z } from 'zod';
import { isBlank, rowsOf, sheetRow } from '../../kit/rows.js';
import { a1Address, excel, rangeSchema, workbookInput, worksheetName, worksheetPath } from '../auth.js';

export const getRows = excel.operation({
  id: 'microsoft_excel.get_rows',
  title: 'Get rows',
  description: 'Reads a worksheet’s used range (or a given range) as rows keyed by its header row.',
  aiDescription:
    'Use to read rows of an Excel worksheet; the first row of the range is the header and each row comes back as { rowNumber, values: { <header>: <text as displayed> } }. Give `address` (A1:D100) to read part of the sheet, else the used range is read.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ ...workbookInput, worksheet: worksheetName, address: a1Address.optional(), limit: z.number().int().min(1).max(10_000).default(1000) }),
  output: z.object({ address: z.string(), headers: z.array(z.string()), rows: z.array(sheetRow) }),
  method: 'GET',
  path: (i) => `${worksheetPath(i)}/${i.address ? `range(address='${encodeURIComponent(i.address)}')` : 'usedRange(valuesOnly=true)'}`,
  query: () => ({ $select: 'address,rowIndex,text' }),
  response: rangeSchema,
  map: (r, i) => {
    const { headers, rows } = rowsOf(r.text, r.rowIndex + 1);
    return { address: r.address, headers, rows: rows.filter((row) => !isBlank(row)).slice(0, i.limit) };
  },
});
