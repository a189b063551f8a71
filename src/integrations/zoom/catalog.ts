import { entry, oauth2 } from '../catalog/data/build.js';

/** Zoom in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('meetings', 'zoom', 'Zoom', 'Meetings, webinars and recordings in Zoom.', 'https://zoom.us', 'https://developers.zoom.us/docs/api/', 'https://api.zoom.us/v2', oauth2('https://zoom.us/oauth/authorize', 'https://zoom.us/oauth/token', ['meeting:read', 'meeting:write', 'user:read'], { revokeUrl: 'https://zoom.us/oauth/revoke', provider: 'zoom' }));
