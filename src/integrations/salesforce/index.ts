import { createLead } from './actions/create-lead.js';
import { createRecord } from './actions/create-record.js';
import { findRecords } from './actions/find-records.js';
import { getRecord } from './actions/get-record.js';
import { query } from './actions/query.js';
import { updateRecord } from './actions/update-record.js';
import { salesforce } from './auth.js';
import { newRecord } from './triggers/new-record.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const salesforceActions = [query, findRecords, getRecord, createLead, createRecord, updateRecord];
export const salesforceTriggers = [newRecord];
export { salesforce, query, findRecords, getRecord, createLead, createRecord, updateRecord, newRecord };

/** Salesforce, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const salesforceIntegration = defineIntegration({ catalog, kit: salesforce, actions: salesforceActions, triggers: salesforceTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
