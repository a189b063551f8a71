import { appendRow } from './actions/append-row.js';
import { getRows } from './actions/get-rows.js';
import { listSheets } from './actions/list-sheets.js';
import { lookupRows } from './actions/lookup-rows.js';
import { updateRow } from './actions/update-row.js';
import { sheets } from './auth.js';
import { newRow } from './triggers/new-row.js';

export const googleSheetsService = sheets;
export const googleSheetsActions = [getRows, lookupRows, appendRow, updateRow, listSheets];
export const googleSheetsTriggers = [newRow];
export { getRows, lookupRows, appendRow, updateRow, listSheets, newRow };
