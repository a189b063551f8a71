import { entry, oauth2 } from '../catalog/data/build.js';

/** Pipedrive in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('crm', 'pipedrive', 'Pipedrive', 'Deals, persons and activities in Pipedrive.', 'https://www.pipedrive.com', 'https://developers.pipedrive.com/docs/api/v1', 'https://api.pipedrive.com/v1', oauth2('https://oauth.pipedrive.com/oauth/authorize', 'https://oauth.pipedrive.com/oauth/token', [], { revokeUrl: 'https://oauth.pipedrive.com/oauth/revoke' }));
