import { type ProviderQuirks, form, formHeaders, generic } from '../oauth/quirks.js';

/** How Google's OAuth departs from plain OAuth 2 (from its published documentation). */
export const googleOAuth: ProviderQuirks = {
  ...generic,
  id: 'google',
  // Without offline access + consent Google issues no refresh token on re-consent.
  authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
  revoke: (r) => ({ method: 'POST', url: r.revokeUrl ?? 'https://oauth2.googleapis.com/revoke', headers: formHeaders, body: form({ token: r.refreshToken ?? r.accessToken }) }),
};
