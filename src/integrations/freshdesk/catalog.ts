import { basic, entry } from '../catalog/data/build.js';

/** Freshdesk in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('support', 'freshdesk', 'Freshdesk', 'Helpdesk tickets by Freshworks.', 'https://www.freshworks.com/freshdesk/', 'https://developers.freshdesk.com/api/', 'https://example.freshdesk.com/api/v2', basic('Your API key as user name (Profile settings).'));
