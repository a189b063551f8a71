import { entry, oauth2 } from '../catalog/data/build.js';

/** Intercom in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('support', 'intercom', 'Intercom', 'Conversations, contacts and articles.', 'https://www.intercom.com', 'https://developers.intercom.com/docs/references/rest-api/api.intercom.io/', 'https://api.intercom.io', oauth2('https://app.intercom.com/oauth', 'https://api.intercom.io/auth/eagle/token', []));
