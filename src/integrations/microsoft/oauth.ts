import { type ProviderQuirks, generic } from '../oauth/quirks.js';

/** How the Microsoft identity platform departs from plain OAuth 2 (from its published documentation). */
export const microsoftOAuth: ProviderQuirks = {
  ...generic,
  id: 'microsoft',
  authorizeParams: { response_mode: 'query' },
  scopesOnRefresh: true,
  // The identity platform has no token revocation endpoint: disconnecting forgets the tokens.
  revoke: () => undefined,
};
