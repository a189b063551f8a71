import { registerServiceProfile } from '../profiles.js';
import { listFolder } from './actions/list-folder.js';
import { uploadFile } from './actions/upload-file.js';
import { boxProfile } from './auth.js';

registerServiceProfile(boxProfile);

export const boxActions = [listFolder, uploadFile];
export { listFolder, uploadFile };
