import { getFile } from './actions/get-file.js';
import { listFolder } from './actions/list-folder.js';
import { uploadFile } from './actions/upload-file.js';
import { boxProfile } from './auth.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { boxOAuth } from './oauth.js';

const profile = boxProfile;

export const boxActions = [listFolder, uploadFile, getFile];
export { getFile, listFolder, uploadFile };

/** Box, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const boxIntegration = defineIntegration({ catalog, oauth: boxOAuth, profile, actions: boxActions });
