import { appendRow } from './actions/append-row.js';
import { getRows } from './actions/get-rows.js';
import { listWorksheets } from './actions/list-worksheets.js';
import { updateRange } from './actions/update-range.js';
import { excel } from './auth.js';
import { newRow } from './triggers/new-row.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { microsoftOAuth } from '../microsoft/oauth.js';
import { actionPhrases } from './vocabulary.js';

export const excelService = excel;
export const excelActions = [getRows, appendRow, updateRange, listWorksheets];
export const excelTriggers = [newRow];
export { getRows, appendRow, updateRange, listWorksheets, newRow };

/** Excel Online, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const microsoftExcelIntegration = defineIntegration({ catalog, oauth: microsoftOAuth, kit: excel, actions: excelActions, triggers: excelTriggers, vocabulary: { actions: actionPhrases } });
