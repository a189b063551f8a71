import { registerServiceProfile } from '../profiles.js';
import { downloadFile } from './actions/download-file.js';
import { getMetadata } from './actions/get-metadata.js';
import { listFolder } from './actions/list-folder.js';
import { uploadFile } from './actions/upload-file.js';
import { dropboxProfile } from './auth.js';

registerServiceProfile(dropboxProfile);

export const dropboxActions = [listFolder, uploadFile, getMetadata, downloadFile];
export { downloadFile, getMetadata, listFolder, uploadFile };
