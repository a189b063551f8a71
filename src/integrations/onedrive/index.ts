import { graphProfile } from '../microsoft/common.js';
import { registerServiceProfile } from '../profiles.js';
import { getFile } from './actions/get-file.js';
import { listFiles } from './actions/list-files.js';
import { shareFile } from './actions/share-file.js';
import { uploadFile } from './actions/upload-file.js';
import { fileChanged } from './triggers/file-changed.js';

registerServiceProfile(graphProfile('onedrive'));

export const onedriveActions = [listFiles, getFile, uploadFile, shareFile];
export const onedriveTriggers = [fileChanged];
export { listFiles, getFile, uploadFile, shareFile, fileChanged };
