import { appendRow } from './actions/append-row.js';
import { getRows } from './actions/get-rows.js';
import { listWorksheets } from './actions/list-worksheets.js';
import { updateRange } from './actions/update-range.js';
import { excel } from './auth.js';
import { newRow } from './triggers/new-row.js';

export const excelService = excel;
export const excelActions = [getRows, appendRow, updateRange, listWorksheets];
export const excelTriggers = [newRow];
export { getRows, appendRow, updateRange, listWorksheets, newRow };
