import { sendRequest } from './actions/send-request.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

export const httpRequestActions = [sendRequest];
export { sendRequest };

/** HTTP request, whole: listed once in src/integrations/registry.ts. */
export const httpRequestIntegration = defineIntegration({ catalog, actions: httpRequestActions });
