import { appendText } from './actions/append-text.js';
import { createDocument } from './actions/create-document.js';
import { getDocument } from './actions/get-document.js';
import { replaceText } from './actions/replace-text.js';
import { docs } from './auth.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { googleOAuth } from '../google/oauth.js';
import { actionPhrases } from './vocabulary.js';

export const googleDocsService = docs;
export const googleDocsActions = [getDocument, createDocument, appendText, replaceText];
export { getDocument, createDocument, appendText, replaceText };

/** Google Docs, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const googleDocsIntegration = defineIntegration({ catalog, oauth: googleOAuth, kit: docs, actions: googleDocsActions, vocabulary: { actions: actionPhrases } });
