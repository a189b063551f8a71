import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { actionPhrases } from './vocabulary.js';
import { pagerduty, pagerdutyActions, pagerdutyTriggers } from './service.js';
export { pagerduty, pagerdutyActions, pagerdutyTriggers, listIncidents, getIncident, createIncident, updateIncident, newIncident } from './service.js';

/** PagerDuty, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const pagerdutyIntegration = defineIntegration({ catalog, kit: pagerduty, actions: pagerdutyActions, triggers: pagerdutyTriggers, vocabulary: { actions: actionPhrases } });
