import { type ProviderQuirks, generic } from '../oauth/quirks.js';

/** How Dropbox's OAuth departs from plain OAuth 2 (from its published documentation). */
export const dropboxOAuth: ProviderQuirks = {
  ...generic,
  id: 'dropbox',
  // Short-lived access tokens: offline access is what yields a refresh token.
  authorizeParams: { token_access_type: 'offline' },
  revoke: (r) => ({ method: 'POST', url: r.revokeUrl ?? 'https://api.dropboxapi.com/2/auth/token/revoke', headers: { authorization: `Bearer ${r.accessToken}` } }),
};
