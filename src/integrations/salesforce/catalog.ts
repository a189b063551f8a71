import { entry, oauth2 } from '../catalog/data/build.js';

/** Salesforce in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('crm', 'salesforce', 'Salesforce', 'Accounts, contacts, leads and opportunities in Salesforce.', 'https://www.salesforce.com', 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/', 'https://login.salesforce.com/services/data/v60.0', oauth2('https://login.salesforce.com/services/oauth2/authorize', 'https://login.salesforce.com/services/oauth2/token', ['api', 'refresh_token'], { revokeUrl: 'https://login.salesforce.com/services/oauth2/revoke' }));
