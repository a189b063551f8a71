import { entry, oauth2 } from '../catalog/data/build.js';

/** Calendly in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('calendar', 'calendly', 'Calendly', 'Scheduling links and booked meetings.', 'https://calendly.com', 'https://developer.calendly.com/api-docs', 'https://api.calendly.com', oauth2('https://auth.calendly.com/oauth/authorize', 'https://auth.calendly.com/oauth/token', [], { revokeUrl: 'https://auth.calendly.com/oauth/revoke' }));
