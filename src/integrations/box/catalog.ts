import { entry, oauth2 } from '../catalog/data/build.js';

/** Box in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('storage', 'box', 'Box', 'Files, folders and collaboration in Box.', 'https://www.box.com', 'https://developer.box.com/reference/', 'https://api.box.com/2.0', oauth2('https://account.box.com/api/oauth2/authorize', 'https://api.box.com/oauth2/token', [], { revokeUrl: 'https://api.box.com/oauth2/revoke', provider: 'box' }));
