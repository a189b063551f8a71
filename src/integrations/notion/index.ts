import { createPage } from './actions/create-page.js';
import { getPage } from './actions/get-page.js';
import { queryDatabase } from './actions/query-database.js';
import { search } from './actions/search.js';
import { notionProfile } from './auth.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { notionOAuth } from './oauth.js';
import { actionPhrases } from './vocabulary.js';

const profile = notionProfile;

export const notionActions = [createPage, queryDatabase, search, getPage];
export { createPage, queryDatabase, search, getPage };

/** Notion, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const notionIntegration = defineIntegration({ catalog, oauth: notionOAuth, profile, actions: notionActions, vocabulary: { actions: actionPhrases } });
