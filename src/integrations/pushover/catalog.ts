import { entry, queryKey } from '../catalog/data/build.js';

/** Pushover in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('chat', 'pushover', 'Pushover', 'Push notifications to phones and desktops.', 'https://pushover.net', 'https://pushover.net/api', 'https://api.pushover.net/1', queryKey('token', 'The application API token from pushover.net/apps (user keys go in each step).'));
