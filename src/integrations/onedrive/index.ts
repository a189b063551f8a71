import { graphProfile } from '../microsoft/common.js';
import { getFile } from './actions/get-file.js';
import { listFiles } from './actions/list-files.js';
import { shareFile } from './actions/share-file.js';
import { uploadFile } from './actions/upload-file.js';
import { fileChanged } from './triggers/file-changed.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { microsoftOAuth } from '../microsoft/oauth.js';

const profile = graphProfile('onedrive');

export const onedriveActions = [listFiles, getFile, uploadFile, shareFile];
export const onedriveTriggers = [fileChanged];
export { listFiles, getFile, uploadFile, shareFile, fileChanged };

/** OneDrive, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const onedriveIntegration = defineIntegration({ catalog, oauth: microsoftOAuth, profile, actions: onedriveActions, triggers: onedriveTriggers });
