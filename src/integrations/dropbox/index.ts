import { registerServiceProfile } from '../profiles.js';
import { listFolder } from './actions/list-folder.js';
import { uploadFile } from './actions/upload-file.js';
import { dropboxProfile } from './auth.js';

registerServiceProfile(dropboxProfile);

export const dropboxActions = [listFolder, uploadFile];
export { listFolder, uploadFile };
