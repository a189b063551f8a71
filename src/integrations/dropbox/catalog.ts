import { entry, oauth2 } from '../catalog/data/build.js';

/** Dropbox in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('storage', 'dropbox', 'Dropbox', 'Files and folders in a Dropbox account or team space.', 'https://www.dropbox.com', 'https://www.dropbox.com/developers/documentation/http/documentation', 'https://api.dropboxapi.com', oauth2('https://www.dropbox.com/oauth2/authorize', 'https://api.dropboxapi.com/oauth2/token', ['files.metadata.read', 'files.content.read', 'files.content.write'], { revokeUrl: 'https://api.dropboxapi.com/2/auth/token/revoke', provider: 'dropbox' }));
