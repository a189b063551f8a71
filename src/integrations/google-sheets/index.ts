import { appendRow } from './actions/append-row.js';
import { getRows } from './actions/get-rows.js';
import { listSheets } from './actions/list-sheets.js';
import { lookupRows } from './actions/lookup-rows.js';
import { updateRow } from './actions/update-row.js';
import { sheets } from './auth.js';
import { newRow } from './triggers/new-row.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { googleOAuth } from '../google/oauth.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const googleSheetsService = sheets;
export const googleSheetsActions = [getRows, lookupRows, appendRow, updateRow, listSheets];
export const googleSheetsTriggers = [newRow];
export { getRows, lookupRows, appendRow, updateRow, listSheets, newRow };

/** Google Sheets, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const googleSheetsIntegration = defineIntegration({ catalog, oauth: googleOAuth, kit: sheets, actions: googleSheetsActions, triggers: googleSheetsTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
