import { z } from 'zod';
import { excel, workbookInput, workbookPath } from '../auth.js';

const worksheet = z.object({ id: z.string(), name: z.string(), position: z.number().int(), visibility: z.string().optional() });

export const listWorksheets = excel.operation({
  id: 'microsoft_excel.list_worksheets',
  title: 'List worksheets',
  description: 'Lists the worksheets (tabs) of an Excel workbook.',
  aiDescription: 'Use to find the worksheet names of an Excel workbook in OneDrive or SharePoint before reading or writing cells. Use microsoft_excel.get_rows to read rows.',
  idempotent: true,
  sideEffect: false,
  input: z.object(workbookInput),
  output: z.object({ worksheets: z.array(worksheet) }),
  method: 'GET',
  path: (i) => `${workbookPath(i)}/worksheets`,
  query: () => ({ $select: 'id,name,position,visibility' }),
  response: z.object({ value: z.array(worksheet.loose()), '@odata.nextLink': z.string().optional() }),
  paginate: { style: 'next-url', next: (p) => p['@odata.nextLink'], items: (p) => p.value },
  map: (items) => ({ worksheets: items.map((w) => ({ id: w.id, name: w.name, position: w.position, visibility: w.visibility })) }),
});
