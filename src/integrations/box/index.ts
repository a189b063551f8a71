import { registerServiceProfile } from '../profiles.js';
import { getFile } from './actions/get-file.js';
import { listFolder } from './actions/list-folder.js';
import { uploadFile } from './actions/upload-file.js';
import { boxProfile } from './auth.js';

registerServiceProfile(boxProfile);

export const boxActions = [listFolder, uploadFile, getFile];
export { getFile, listFolder, uploadFile };
