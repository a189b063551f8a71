import { type ProviderQuirks, generic } from '../oauth/quirks.js';

/** How Asana's OAuth departs from plain OAuth 2 (from its published documentation). */
export const asanaOAuth: ProviderQuirks = { ...generic, id: 'asana' };
