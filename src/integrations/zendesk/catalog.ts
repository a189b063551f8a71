import { entry, oauth2 } from '../catalog/data/build.js';

/** Zendesk in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('support', 'zendesk', 'Zendesk', 'Tickets, users and help center.', 'https://www.zendesk.com', 'https://developer.zendesk.com/api-reference/', 'https://example.zendesk.com/api/v2', oauth2('https://example.zendesk.com/oauth/authorizations/new', 'https://example.zendesk.com/oauth/tokens', ['read', 'write']));
