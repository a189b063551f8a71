import { downloadFile } from './actions/download-file.js';
import { getMetadata } from './actions/get-metadata.js';
import { listFolder } from './actions/list-folder.js';
import { uploadFile } from './actions/upload-file.js';
import { dropboxProfile } from './auth.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { dropboxOAuth } from './oauth.js';

const profile = dropboxProfile;

export const dropboxActions = [listFolder, uploadFile, getMetadata, downloadFile];
export { downloadFile, getMetadata, listFolder, uploadFile };

/** Dropbox, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const dropboxIntegration = defineIntegration({ catalog, oauth: dropboxOAuth, profile, actions: dropboxActions });
