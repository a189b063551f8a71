import { confluence, createPage, getPage, newPage, searchPages, updatePage } from './service.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

export const confluenceActions = [getPage, createPage, updatePage, searchPages];
export const confluenceTriggers = [newPage];
export { confluence, getPage, createPage, updatePage, searchPages, newPage };

/** Confluence, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const confluenceIntegration = defineIntegration({ catalog, kit: confluence, actions: confluenceActions, triggers: confluenceTriggers });
