import { createRecord } from './actions/create-record.js';
import { getRecord } from './actions/get-record.js';
import { listRecords } from './actions/list-records.js';
import { searchRecords } from './actions/search-records.js';
import { updateRecord } from './actions/update-record.js';
import { airtable } from './auth.js';
import { newRecord } from './triggers/new-record.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const airtableActions = [listRecords, searchRecords, getRecord, createRecord, updateRecord];
export const airtableTriggers = [newRecord];
export { airtable, listRecords, searchRecords, getRecord, createRecord, updateRecord, newRecord };

/** Airtable, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const airtableIntegration = defineIntegration({ catalog, kit: airtable, actions: airtableActions, triggers: airtableTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
