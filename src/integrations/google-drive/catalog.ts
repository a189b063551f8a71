import { entry, google } from '../catalog/data/build.js';

/** Google Drive in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('storage', 'google-drive', 'Google Drive', 'Files and folders in Google Drive and shared drives.', 'https://drive.google.com', 'https://developers.google.com/drive/api/reference/rest/v3', 'https://www.googleapis.com/drive/v3', google(['https://www.googleapis.com/auth/drive']));
