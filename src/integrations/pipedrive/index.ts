import { createDeal } from './actions/create-deal.js';
import { createPerson } from './actions/create-person.js';
import { getDeal } from './actions/get-deal.js';
import { listDeals } from './actions/list-deals.js';
import { searchDeals } from './actions/search-deals.js';
import { updateDeal } from './actions/update-deal.js';
import { pipedrive } from './auth.js';
import { newDeal } from './triggers/new-deal.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const pipedriveActions = [listDeals, searchDeals, getDeal, createDeal, updateDeal, createPerson];
export const pipedriveTriggers = [newDeal];
export { pipedrive, listDeals, searchDeals, getDeal, createDeal, updateDeal, createPerson, newDeal };

/** Pipedrive, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const pipedriveIntegration = defineIntegration({ catalog, kit: pipedrive, actions: pipedriveActions, triggers: pipedriveTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
