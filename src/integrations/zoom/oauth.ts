import { type ProviderQuirks, basicAuth, form, generic } from '../oauth/quirks.js';

/** How Zoom's OAuth departs from plain OAuth 2 (from its published documentation). */
export const zoomOAuth: ProviderQuirks = {
  ...generic,
  id: 'zoom',
  clientAuth: 'basic',
  revoke: (r) => ({
    method: 'POST',
    url: `${r.revokeUrl ?? 'https://zoom.us/oauth/revoke'}?${form({ token: r.accessToken })}`,
    headers: { authorization: basicAuth(r.clientId, r.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
  }),
};
