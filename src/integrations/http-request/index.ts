import { httpRequestAction } from '../../workflows/actions/builtin/http-request.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

/**
 * HTTP request, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts).
 * Its one action is Atom's own HTTP step (`core.http_request`, which also answers to this folder's former `http.request`).
 */
export const httpRequestIntegration = defineIntegration({ catalog, builtins: [httpRequestAction] });
